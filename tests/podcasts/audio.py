"""Tiny but real audio files for the podcast tests, built in memory (no downloads)."""

import io
import struct
import wave

from mutagen.ogg import OggPage


def mp3_bytes(seconds=3):
    """MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono) of digital silence."""
    header = bytes([0xFF, 0xFB, 0x90, 0xC4])
    frame_length = 144 * 128_000 // 44_100  # 417 bytes, no padding
    frame = header + bytes(frame_length - len(header))
    return frame * (int(seconds * 44_100 / 1152) + 1)


def opus_bytes(seconds=3):
    """An Ogg Opus stream: identification and comment headers, then one audio page whose
    granule position gives the length."""
    pre_skip = 312
    packets = [
        b"OpusHead" + struct.pack("<BBHIhB", 1, 1, pre_skip, 48_000, 0, 0),
        b"OpusTags" + struct.pack("<I", 5) + b"tests" + struct.pack("<I", 0),
        b"\xfc" + bytes(20),
    ]
    out = io.BytesIO()
    for sequence, packet in enumerate(packets):
        page = OggPage()
        page.serial = 7
        page.sequence = sequence
        page.first = sequence == 0
        page.last = sequence == len(packets) - 1
        page.position = pre_skip + 48_000 * seconds if page.last else 0
        page.packets = [packet]
        out.write(page.write())
    return out.getvalue()


def wav_bytes(seconds=1):
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(8000)
        handle.writeframes(bytes(2 * 8000 * seconds))
    return out.getvalue()


def atom(kind, payload):
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full(kind, version, payload):
    return atom(kind, struct.pack(">I", version << 24) + payload)


def descriptor(tag, payload):
    return bytes([tag, len(payload)]) + payload


def esds():
    config = descriptor(0x05, bytes([0x12, 0x08]))  # AAC LC, 44.1 kHz, mono
    decoder = descriptor(
        0x04, bytes([0x40, 0x15]) + bytes(3) + struct.pack(">II", 128000, 128000) + config
    )
    es = descriptor(0x03, struct.pack(">HB", 1, 0) + decoder + descriptor(0x06, b"\x02"))
    return full(b"esds", 0, es)


def m4a_bytes(seconds=3):
    """An M4A (MPEG-4 audio, AAC LC) file: the boxes a reader needs to find the audio
    track, its codec and its duration."""
    rate = 44100
    ftyp = atom(b"ftyp", b"M4A " + struct.pack(">I", 0) + b"M4A mp42isom")
    mvhd = full(b"mvhd", 0, struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + bytes(80))
    mdhd = full(b"mdhd", 0, struct.pack(">IIIIHH", 0, 0, rate, seconds * rate, 0x55C4, 0))
    hdlr = full(b"hdlr", 0, struct.pack(">I4s", 0, b"soun") + bytes(12) + b"SoundHandler\x00")
    # AudioSampleEntry: 6 reserved, data ref index, 8 reserved, channels, sample size,
    # 4 reserved, sample rate 16.16
    mp4a = atom(
        b"mp4a",
        bytes(6)
        + struct.pack(">H", 1)
        + bytes(8)
        + struct.pack(">HHHHI", 1, 16, 0, 0, rate << 16)
        + esds(),
    )
    stsd = full(b"stsd", 0, struct.pack(">I", 1) + mp4a)
    stbl = atom(b"stbl", stsd)
    minf = atom(b"minf", stbl)
    mdia = atom(b"mdia", mdhd + hdlr + minf)
    tkhd = full(b"tkhd", 0, bytes(80))
    trak = atom(b"trak", tkhd + mdia)
    moov = atom(b"moov", mvhd + trak)
    return ftyp + moov + atom(b"mdat", bytes(100))
