"""The publications' lines of the admin home's « À faire » list (mocsite.todo).

Publications have no translated field (a title stays as published). A talk's title stays
in the language the talk was given in (its `language`), so only its note needs English;
its translated title is optional (Talk.TRANSLATION_OPTIONAL).
"""

from mocsite.todo import missing_translation_check

from .models import Talk

CHECKS = [missing_translation_check(Talk)]
