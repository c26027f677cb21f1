"""The files ``docgen init`` and ``docgen new`` write, as ``string.Template``s (``$name``:
YAML has no use for ``$``).  The comments are the documentation a person meets first; they
are in English, like the field names they explain.  ``tests/test_scaffold.py`` checks that
every field of the project file, the profile and the front matter is here, and that each
commented example is valid when uncommented."""
from __future__ import annotations

from string import Template

PROJECT_FILE = Template("""\
# docgen's project file: the defaults of every docgen command run in this folder or below it.
# Options on the command line override them; `docgen config` shows each setting and where it
# comes from. Paths are relative to this folder. A setting left commented takes the default shown.

# The editions to build (BCP 47 tags: en, zh-Hant-HK, zh-Hans-CN, or a locale added in locales/).
locales: $locales
# The output formats: txt, pdf, docx, html, json, ninjs, review.
formats: $formats

# out: dist                         # the output folder
# sources: source                   # what build and check take when given nothing
# translations: locales             # the translation catalogues' folder
# style: templates/myhouse          # a house style folder (default: docgen's own)
# wire: PRNewswire                  # one wire for every release, over releases and profiles (default: each profile's)
# jobs: 2                           # worker processes (default: all cores)
# allow_partial: false              # true: publish a translation that lacks segments, with the English for them
# require_review: false             # true: refuse Simplified Chinese converted from Traditional that nobody reviewed
""")

GITIGNORE = Template("""\
# docgen's outputs (docgen.yaml: out): built again from the sources at any time
$entry
""")

PROFILE_HEADER = Template("""\
# The organisation profile: what every release of this organisation repeats, written once.
# A release names it by this file's name: organisation: $id
# Every field is described below; one left commented takes the default its comment gives.
# `docgen check source/` validates it; `docgen schema --for organisation` prints its schema.
""")

# (field, its comment, the example form written commented when the person gave no value)
PROFILE_FIELDS = (
    ("name", Template("""\
# name (required): the full name, printed on the SOURCE line and in the letterhead."""),
     "name: Example Research Institute"),
    ("short_name", Template("""\
# short_name (required): the short name, printed in "About <short_name>"."""),
     "short_name: ERI"),
    ("website", Template("""\
# website (optional): the home page, printed under the letterhead."""),
     "website: https://www.example.org"),
    ("newsroom", Template("""\
# newsroom (optional): the web address the HTML pages (docgen build -f html) are published
# under; the pages then link each other, their pictures and their previews by absolute addresses."""),
     "newsroom: https://www.example.org/news"),
    ("dateline_city", Template("""\
# dateline_city (needed unless every release gives dateline.city): the city the dateline opens
# with, as the wire should print it (Hong Kong SAR, "Brooklyn, N.Y."), or a list: [Hong Kong, Paris]"""),
     "dateline_city: Hong Kong"),
    ("wire", Template("""\
# wire (optional; default none, the organisation's own newsroom): the wire service that carries
# the releases, which sets the dateline and closing lines:
# $wires,
# or a project's own in a wires/ folder. A release may name its own (dateline.wire)."""),
     "wire: none"),
    ("english", Template("""\
# english (optional; default en-US): which English the organisation writes, the DOCX's
# spelling and proofing language: en-US, en-GB, en-AU, en-CA, en-HK or en-SG."""),
     "english: en-GB"),
    ("about", Template("""\
# about (optional): the boilerplate printed under "About <short_name>", in Markdown: paragraphs
# separated by a blank line, and [links](https://...). Without it, releases have no About section."""),
     """\
about: |
  The first paragraph of the boilerplate, with a [link](https://www.example.org).

  A second paragraph."""),
    ("contacts", Template("""\
# contacts (optional): the default media contacts, printed at the end of every release (a
# release's own contacts: replace them). Each has a name, and may have a role, an organisation
# (for a contact at a PR agency), a phone number (in quotes) and an email address."""),
     """\
contacts:
  - name: Chan Tai Man
    role: Communications Manager
    phone: "+852 1234 5678"
    email: media@example.org"""),
)

FRONT_MATTER = Template("""\
---
headline: $headline
# subheadline: A second headline line  # optional
# The organisation profile, organisations/$organisation.yaml (a co-issued release lists them, lead first: [$organisation, partner]).
organisation: $organisation
dateline:
  date: $date                     # the date of issue, YYYY-MM-DD
  # The city as the wire should print it, or a list of cities (default: the profile's dateline_city):
$city
  # time: "09:30"                      # optional: printed by wires that give the time of issue
  # The wire service (default: the profile's wire):
  # wire: $wire
# embargo: ${date}T09:00:00+08:00   # optional: not to be published before; with its UTC offset
# keywords: [keyword, another]         # optional
# hashtags: [OneWord, Another]         # optional; "#" may be written or not
# slug: a-slug                         # optional: default the file name
# language: en                         # optional: the BCP 47 tag of the text, default en
# contacts:                            # optional: replaces the profile's default contacts
#   - name: Chan Tai Man
#     role: Communications Manager
#     phone: "+852 1234 5678"
#     email: media@example.org
---
""")
