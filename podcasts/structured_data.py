"""schema.org JSON-LD for podcast pages: a PodcastSeries, a PodcastEpisode.

schema.org has no "episode" property on PodcastSeries (its episodes are parts of it:
hasPart) and no "transcript" on PodcastEpisode (the recording, an AudioObject, has it);
the person who answers the questions is a contributor, not an actor.
"""

from mocsite.links import absolute


def series(request, series, episodes):
    """The series, with `episodes` (the page's) as its parts."""
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": series.title,
        "url": absolute(request, series.get_absolute_url()),
        "inLanguage": request.LANGUAGE_CODE,
        "webFeed": absolute(request, series.get_feed_url()),
        "about": {"@type": "MedicalCondition", "name": series.disease.name},
    }
    if series.description:
        data["description"] = series.description
    if series.artwork:
        data["image"] = absolute(request, series.artwork.url)
    if episodes:
        # The episodes of the page only (`episodes` is one page of the series): the block
        # stays the size of the page, whatever the number of episodes; the other pages
        # list theirs.
        data["hasPart"] = [
            {
                "@type": "PodcastEpisode",
                "name": episode.title,
                "url": absolute(request, episode.get_absolute_url()),
            }
            for episode in episodes
        ]
    return data


def episode(request, episode):
    series = episode.series
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": absolute(request, episode.get_absolute_url()),
        "inLanguage": request.LANGUAGE_CODE,
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": series.title,
            "url": absolute(request, series.get_absolute_url()),
        },
        "about": {"@type": "MedicalCondition", "name": series.disease.name},
    }
    if episode.questions:
        data["description"] = " ".join(episode.question_list)
    if episode.published_on:
        data["datePublished"] = episode.published_on.isoformat()
    if episode.has_audio:
        audio_url = episode.audio_src
        if audio_url.startswith("/"):
            audio_url = absolute(request, audio_url)
        audio = {"@type": "AudioObject", "contentUrl": audio_url}
        if episode.audio_mime_type:
            audio["encodingFormat"] = episode.audio_mime_type
        if episode.duration is not None:
            data["timeRequired"] = episode.duration_iso
            audio["duration"] = episode.duration_iso
        if episode.transcript:
            audio["transcript"] = "\n\n".join(episode.transcript_paragraphs)
        data["associatedMedia"] = audio
    speaker = {"@type": "Person", "name": episode.speaker_name}
    if episode.speaker_description:
        speaker["description"] = episode.speaker_description
    if episode.speaker_person:
        speaker["url"] = absolute(request, episode.speaker_person.get_absolute_url())
    data["contributor"] = speaker
    return data
