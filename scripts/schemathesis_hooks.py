"""schemathesis hooks for scripts/schemathesis.sh: how to generate the OpenAPI document's own
string formats, whose rules JSON Schema cannot state portably.

- `person-name`: a part of a person's name (`common::domain::PersonName`): letters of any
  script, with spaces, hyphens, apostrophes and dots between them. The rule needs Unicode
  letter classes (`\\p{L}`), which ECMA-262 regexes have only with the `u` flag and Python's
  `re` not at all, so the document names the format and describes it instead of a pattern.
- `new-password`: a password being set (`common::domain::Password`): 8..=128 characters, not
  the account's email and not on the server's list of common passwords (which is not
  published). Generated as passphrases that no such list holds.

Negative testing does not mutate these formats (a generator cannot know a value outside an
unknown format); the lengths and types around them are still fuzzed both ways.
"""

from hypothesis import strategies as st

import schemathesis

_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüöäçñ"
_word = st.text(alphabet=_LETTERS, min_size=1, max_size=15)
_sep = st.sampled_from([" ", "-", "'", "’", ". "])

schemathesis.openapi.format(
    "person-name",
    st.builds(lambda first, rest: first + "".join(s + w for s, w in rest), _word, st.lists(st.tuples(_sep, _word), max_size=2)),
)

schemathesis.openapi.format(
    "new-password",
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгдежз0123456789", min_size=4, max_size=10), min_size=3, max_size=6).map(
        lambda words: "-".join(words) + " fuzz"
    ),
)
