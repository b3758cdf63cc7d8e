"""What a journal line claims about the person who wrote it: pure, no I/O.

A line can name a skill or an organization without claiming that its writer did anything with
it. These rules decide, for a span of a line (a skill's name, an organization's), whether the
line says the writer did it; the words they look for are data (``data/evidence.toml``,
``[scope]``), the rules are here:

- **Clauses.** A line is cut into clauses at ``.`` ``;`` ``!`` ``?`` ``:`` followed by a
  space or the end, at a dash between spaces, before the `clause_breaks` words ("but", "then",
  "while", "and I", ...) and before a plan or negation word, a new subject (I, we, someone
  named) or "just"/"only" that follows a comma ("implemented DPO, will try ORPO next", "Omar
  fixed it, I reviewed it", "without Kubernetes, just systemd on a VM"), and before a verb in
  the past that follows a comma: a list of things done ("no time, skimmed the Postgres
  release notes"; not after a name's aside, "Ben, the new intern, wrote ..."). "since" breaks a
  clause only before a subject ("since we moved to k8s"): before a noun it is a time, and a
  negation goes on ("haven't touched Terraform since the AWS migration").
  Every rule below looks only inside the span's clause.
- **Negation.** A `negation` word before the span in its clause ("never trained a
  transformer", "haven't read the DPO paper yet"): the writer did not do it. One after the
  span ("the FSDP run has not started yet") is `denied`: no claim unless the writer's own
  level word comes before the negation ("debugged the NCCL timeout, still not fixed": the
  debugging happened; career.journal.skills decides). `not_negation` phrases ("not only")
  are no negation.
- **Failed attempts.** An `attempt` word before the span ("tried to", "attempted to") whose
  next clause opens with a negation or a `failure` phrase ("tried to install vLLM, doesn't
  work", "..., no luck", "..., errors out"): the attempt failed, so it is negated. A plain
  "tried X, couldn't get the ingress to work" has no attempt word: trying X is still done. A
  `failure` phrase is a negation wherever it stands ("the Docker build still doesn't work").
- **Plans.** A `plan` word anywhere in the span's clause ("should have implemented X", "want
  to learn Rust", "DPO next week"), or in a label before a colon that opens the line
  ("tomorrow: migrate the cron jobs"): not done yet, intent at most. A short label that is
  one of `plan_labels` ("action:", "next:", "follow-up:") makes the clause after it a plan
  too: meeting notes' action items are tasks, not work done. A label that opens with a
  `negation_labels` phrase ("gaps:", "not done:", "skipped:") negates the clause after it.
- **Someone else.** The clause's subject is another person: a pronoun or phrase of
  `other_people` ("he", "they", "the authors", "according to", "kudos to"; the pronouns
  also open a clause); a role of
  `other_roles`, alone or after "my", "a", "the", ... ("my colleague", "recruiter from a
  fund"); a possessive name ("Marco's PR"); or a capitalised word that is not in `not_names`
  (a name: "Sam", "Anthropic") followed by a verb (a level word's base form, a word ending in
  "ed" or "ing", hyphenated or not, "fine-tuned"; a common irregular past; what someone
  prefers, wants or suggests; auxiliaries, adverbs and an affiliation, "from/at the infra
  team", up to five words ending with a `groups` word, may stand between), or by "to" and a
  verb: a task handed to them ("action: Jo to write the Terraform"). "Sam and
  I" is the writer, and so is a subject that includes them ("the whole team, me included,
  migrated ..."). When the writer is the object of such a clause ("she walked me through
  her JAX code"), or of the clause before it that ends with "how", "what", ... ("she showed
  me how she uses cargo-insta"), `to_me` says so: the writer saw it (exposure at most). A
  clause that opens with a verb has no subject of its own and takes the one of the clause
  before it in the line ("Sam set up the cluster, then trained PPO"); so does one after a
  colon or a dash that names no subject of its own ("Dad's project: a bash script that
  tweets"). A line that
  opens with only a name (or names) before a colon or a dash is minutes: the item is that
  person's ("Jonas: Terraform for staging, done by Friday", "Kofi / Lin: the flaky tests",
  "Maya — Kafka lag"; not "me:", nor a word of `not_names`, the level, context or cue tables
  or a shipped skill's name: "Notes:", "Thu:", "Python:"). A time that opens a clause is
  skipped before its subject ("next week Kofi presents ...", "yesterday, Sam deployed ..."),
  and "his", "her", "their" after a comma open a clause of their own ("Maya is out, her
  Kafka PR waits"). A noun for people (`doers`, `other_roles`, `role_nouns`) followed within
  four words by an "-ing" verb opens a clause of theirs at the verb ("reached out to people
  on LinkedIn working on interpretability", "a founder building an agent startup"). An aside
  after the name
  is skipped: "Adam (the postdoc) showed me", "Ben, the new intern, wrote". A `question`
  phrase in such a clause ("she grilled me on transformers", "asked me about Kafka") is
  `asked`: what someone asks the writer about is theirs, no claim at all.
- **Contrast and requirements.** A span right after a `contrast` word ("used LoRA instead of
  full fine-tuning", "A vs B", "beat the LSTM") is the far side, and one after a `requirement`
  or `required` word ("the JD wants Kubernetes", to the end of its clause), or before a
  `required` word with no comma between ("Kubernetes and Go are must-haves", "Rust is a plus",
  "the SAE project asks for ..."), is what someone asks for: no credit, unless the clause is
  the writer's own doing (it opens with I/we or a past verb: "needed weight decay 1.0 to get
  it to grok"). "Right after" a contrast: no comma or
  preposition (on, in, with, for, ...) between them. The `far_side` groups' words are contrasts
  only after a verb of their group earlier in the clause: "evaluated X against GPT-4" (not
  "wrote tests against a real Postgres"), "went with Postgres over MongoDB", "ported it from
  Python to Rust", "slower than the CUDA one".
- **General statements.** A span right after a `modal` word ("can be used for LoRA", "lets
  you train") states what is possible, not what was done (career.journal.skills does not
  count such a level word).
- **Role titles.** A span followed by a `role_nouns` word, directly or after at most two
  words that are no function words ("ML engineer", "RL team", "AI safety orgs", "the ML
  infra team", "a Rust expert"), names a job, a person or an organization, not work done;
  one followed by a
  `role_nouns_of_work` word ("job") is `work_role`: a job unless the writer's own level word
  is in its clause ("the Python job at Monzo"; not "reran the CI job").
- **Jobs and documents.** A clause with a `job` word (a role, a posting, a job board, a
  fellowship, a take-home's brief) is about a job: a skill in it with no level word of the
  writer's is the job's (career.journal.skills). A clause with a `document` word (the
  writer's CV, cover letter, statement of interest, application form) is `listed`: what it
  names is a line of the document, not evidence, whatever its verb ("added PyTorch to my
  CV"), and so is every clause after a leading label with one ("tailored the resume:
  emphasised Kubernetes"). A span right after "his", "her" or "their" (two words between at
  most) is `theirs`: someone else's thing, evidence only with a level word of the writer's
  ("about their JAX stack"; not "reviewed her PyTorch code").
- **Quotes.** A span inside double quotes ("..." or “...”) is someone's words; one struck
  out (``~~...~~``) is taken back.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import re
import tomllib
from typing import Any, Final, NamedTuple

from career.journal.phrases import PhraseIndex, leading_words, tokens, words

__all__ = [
    "Claim",
    "Scope",
    "claim_at",
    "clauses",
    "line_claim",
    "own_words_at",
    "scope_at",
    "signal_table",
]


class Claim(NamedTuple):
    """What a line (or one clause of it) says about its writer."""

    negated: bool
    """The writer says they did not do it."""
    planned: bool
    """A plan, wish or modal: not done yet."""
    other: bool
    """Someone else is the subject."""


class Scope(NamedTuple):
    """Everything the rules found about one span of a line."""

    negated: bool
    planned: bool
    other: bool
    contrasted: bool
    """On the far side of a contrast ("instead of B")."""
    role: bool
    """Part of a job title ("ML engineer")."""
    denied: bool
    """A negation after the span in its clause ("the FSDP run has not started"): no claim
    unless the writer's own level word comes before it ("debugged X, still not fixed")."""
    quoted: bool
    """Inside double quotes."""
    clause: tuple[int, int]
    """Start and end of the span's clause in the line."""
    cue: str | None = None
    """The plan word that made it a plan, as written (lowercase), if any."""
    denied_at: int | None = None
    """Where the negation after the span starts (see `denied`)."""
    modal: bool = False
    """A `modal` word right before the span ("can be used", "lets you train"): a general
    statement, not something done."""
    job: bool = False
    """The clause is about a job application or posting (`job` words)."""
    to_me: bool = False
    """Someone else is the subject and the writer its object ("she walked me through her
    JAX code", "Sam showed me DPO"): what the writer saw, so exposure at most."""
    asked: bool = False
    """Someone else asked the writer about it ("she grilled me on transformers"): what they
    asked about is theirs, no claim."""
    listed: bool = False
    """Named in the writer's CV or an application ("added PyTorch to my CV"): a claim about a
    document, not evidence."""
    inherited: bool = False
    """The clause has no subject of its own and takes the one before it ("Jonas: Terraform
    for staging"): a name opening it is no subject."""
    work_role: bool = False
    """Followed by a `role_nouns_of_work` word ("the Python job"): a job unless the writer's
    own level word is in the clause ("reran the CI job"; career.journal.skills decides)."""
    theirs: bool = False
    """Right after "his", "her" or "their" (two words between at most: "their JAX stack"):
    someone else's thing, evidence only with the writer's own level word ("reviewed her
    PyTorch code"; career.journal.skills decides)."""

    @property
    def claim(self) -> Claim:
        return Claim(self.negated, self.planned, self.other)

    @property
    def credited(self) -> bool:
        """Whether the span is the writer's own (at whatever level)."""
        return not (
            self.negated
            or self.other
            or self.contrasted
            or self.role
            or self.quoted
            or self.asked
            or self.listed
        )


@functools.cache
def data() -> dict[str, Any]:
    """``data/evidence.toml``, read once."""
    raw = importlib.resources.files("career.journal").joinpath("data/evidence.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def signal_table() -> dict[str, Any]:
    """The ``[levels]`` and ``[markers]`` tables (what career.journal.skills reads)."""
    loaded = data()
    return {"levels": loaded["levels"], "markers": loaded["markers"]}


_CUE_KINDS: Final = (
    "clause_breaks",
    "not_negation",
    "negation",
    "plan",
    "job",
    "contrast",
    "requirement",
    "required",
    "document",
    "modal",
    "attempt",
    "failure",
    "question",
)


@functools.cache
def _cues() -> PhraseIndex[str]:
    """Every cue phrase -> its kind; a `far_side` group's cues are "far:N", its verbs
    "near:N"."""
    loaded = data()
    phrases: dict[str, str] = {}
    for kind in _CUE_KINDS:
        for phrase in loaded["scope"][kind]:
            phrases.setdefault(phrase, kind)
    for number, group in enumerate(loaded["far_side"]):
        for phrase in group["cues"]:
            phrases.setdefault(phrase, f"far:{number}")
        for phrase in group["after"]:
            phrases.setdefault(phrase, f"near:{number}")
    return PhraseIndex(phrases.items(), plurals=False)


@functools.cache
def _roles() -> PhraseIndex[bool]:
    """Role nouns -> True, or False for one that is also a batch of work ("job")."""
    scope = data()["scope"]
    nouns = [(noun, True) for noun in scope["role_nouns"]]
    nouns += [(noun, False) for noun in scope["role_nouns_of_work"]]
    return PhraseIndex(nouns, plurals=False)


@functools.cache
def _subjects() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(pronoun phrases, roles, capitalised non-names, verbs) as casefolded word strings."""
    scope = data()["scope"]
    others = frozenset(" ".join(p.casefold().split()) for p in scope["other_people"])
    roles = frozenset(r.casefold() for r in scope["other_roles"])
    not_names = frozenset(scope["not_names"])
    # Verbs: the one-word base forms of the level tables ("implement"), their one-word past
    # forms ("implemented", "used"), the common irregular ones; words ending in "ed" count too.
    verbs = {
        phrase.casefold()
        for table in data()["levels"].values()
        for key in ("base", "done")
        for phrase in table.get(key, [])
        if " " not in phrase and (key == "base" or phrase.endswith("ed"))
    }
    verbs.update(_IRREGULAR)
    return others, roles, not_names, frozenset(verbs)


_IRREGULAR: Final = (
    "is", "was", "were", "are", "has", "had", "have", "did", "does", "do", "got", "gets", "gave",
    "set", "gives", "showed", "shows", "told", "tells", "said", "says", "taught", "teaches", "made",
    "makes", "wrote", "writes", "built", "builds", "ran", "runs", "found", "finds", "sent",
    "sends", "shared", "shares", "spoke", "speaks", "led", "leads", "went", "goes", "took",
    "takes", "won", "wins", "will", "would", "can", "could", "just", "also", "already", "finally",
    "actually", "recently", "implements", "ships", "trains", "uses", "works", "knows", "thinks",
    "explains", "presents", "publishes", "releases", "deploys", "fixes", "merges", "reviews",
    "chose", "rewrote", "redid", "drew", "broke", "began", "brought", "saw", "read", "ate",
    # What someone thinks or wants is theirs too: "Ana prefers Terraform over Pulumi".
    "prefers", "likes", "loves", "hates", "recommends", "suggests", "wants", "needs", "swears",
    "asks", "tries", "keeps",
)  # fmt: skip
_DETERMINERS: Final = frozenset(("my", "our", "a", "an", "the", "his", "her", "their", "one"))
_LEADING: Final = frozenset(("and", "also", "then", "so", "but", "while", "although", "when"))
# Between a subject and its verb: auxiliaries, contractions ("he's been"), adverbs.
_AUXILIARY: Final = frozenset(
    (
        "s", "d", "ll", "re", "ve", "has", "have", "had", "is", "was", "were", "are", "been",
        "be", "will", "would", "just", "also", "already", "finally", "actually", "recently",
        "still", "never", "not", "t",
    )
)  # fmt: skip
_SENTENCE_END: Final = re.compile(r"[.;!?:]+(?=\s|$)|\s[-–—]{1,2}\s")
_COMMA_SUBJECT: Final = re.compile(r",[ \t]+(?P<subject>I|we|We|just|only)\b")
_COMMA_WORD: Final = re.compile(r",[ \t]+(?P<word>[a-z][a-z'-]+)\b")
_APPOSITION_BEFORE: Final = re.compile(
    r"(?:^|[.;:!?][ \t]+)\W*[A-Z][a-z]+,[ \t]+(?:the|my|our|a|an|his|her|their)\b[^,\n]{0,40}$"
)
"""A name and an aside right before a comma: "Ben, the new intern, wrote ..." (the verb after
the aside's comma is the name's)."""
_WRITER_INCLUDED: Final = re.compile(
    r"\b(?:me|myself)[ \t]+included\b|\bincluding[ \t]+(?:me|myself)\b", re.IGNORECASE
)
_COMMA_NAME: Final = re.compile(r",[ \t]+(?P<name>[A-Z][a-z]+)\b")
_COMMA_THEIR: Final = re.compile(r",[ \t]+(?P<word>his|her|their)[ \t]")
_OWN_SUBJECT: Final = re.compile(r"[ \t]*(?:I|we|We|my|My|our|Our|me|Me)\b")
_OWNER_LABEL: Final = re.compile(
    r"^\W*(?P<names>[A-Z][\w .&/+]{0,40}?)[ \t]*(?::|[ \t][-–—]{1,2})$"
)
"""A label that may be the name of the person whose item the line is ("Jonas:", "Kofi / Lin:",
"Maya —"): meeting minutes and standups."""
_LABEL_WORDS: Final = 4
"""A clause of at most this many words that ends with a colon is a label for the next."""
_NEXT_WORD: Final = re.compile(r"[^\W_]")
_SUBJECT_WINDOW: Final = 200
"""How much of a clause is read for its subject (its first words)."""
_ME: Final = re.compile(r"\b(?:me|us)\b", re.IGNORECASE)
_QUOTED: Final = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|~~[^~\n]+~~")
_FAR_SIDE_ENDS: Final = re.compile(
    r",|\b(?:on|in|with|for|at|by|using|via|to|from|into|and)\b", re.IGNORECASE
)


class _Clause(NamedTuple):
    """The cues of one clause, arranged so that a span's questions cost a bisection."""

    plan: tuple[int, int] | None
    """The first plan word (start, end)."""
    negations: tuple[tuple[int, int], ...]
    negation_ends: tuple[int, ...]
    modal_ends: tuple[int, ...]
    requirement_end: int | None
    """Where the first requirement word ends."""
    required_starts: tuple[int, ...]
    """Where each `required` word starts (it asks for what comes before it too)."""
    contrasts: tuple[tuple[int, int, str], ...]
    """Contrast and far-side words (start, end, kind), in order."""
    near: dict[str, int]
    """Far-side group -> where its first verb starts."""
    job: bool
    document: bool
    """The clause is about the writer's CV or an application (`document` words)."""


def _clause(cues: list[tuple[int, int, str]]) -> _Clause:
    if not cues:
        return _NO_CUES  # most clauses
    # A `failure` phrase is a negation too ("the Docker build still doesn't work").
    negations = tuple((s, e) for s, e, kind in cues if kind in ("negation", "failure"))
    plans = [(s, e) for s, e, kind in cues if kind == "plan"]
    requirements = [e for _, e, kind in cues if kind in ("requirement", "required")]
    near: dict[str, int] = {}
    for start, _, kind in cues:
        if kind.startswith("near:"):
            near.setdefault(kind[5:], start)
    return _Clause(
        plans[0] if plans else None,
        negations,
        tuple(e for _, e in negations),
        tuple(e for _, e, kind in cues if kind == "modal"),
        min(requirements) if requirements else None,
        tuple(s for s, _, kind in cues if kind == "required"),
        tuple(c for c in cues if c[2] == "contrast" or c[2].startswith("far:")),
        near,
        any(kind == "job" for _, _, kind in cues),
        any(kind == "document" for _, _, kind in cues),
    )


_NO_CUES: Final = _Clause(None, (), (), (), None, (), (), {}, False, False)


class _Line(NamedTuple):
    """A line cut into clauses, with its cues."""

    starts: tuple[int, ...]
    """Start of each clause (the first is 0), ascending."""
    cues: tuple[_Clause, ...]
    """Per clause: its negation, plan, contrast, ... words, ready to be asked about a span."""
    label: str | None
    """The plan word of a leading label ("tomorrow: ...", "if I have time: ..."): a plan for
    the whole line."""
    job_label: bool
    """A leading label is about a job ("job alert: Data Engineer (Airflow)")."""
    other: tuple[bool, ...]
    """Per clause: someone else is its subject."""
    quotes: tuple[tuple[int, int], ...]
    sentences: tuple[int, ...]
    """Start of each sentence, ascending (the first is 0)."""
    labels: tuple[str | None, ...]
    """Per clause: the plan word of a short label clause right before it that ends with a
    colon ("Tomorrow: evals on GPT-4")."""
    roles: frozenset[int]
    """Where a `role_nouns` phrase starts."""
    failed: dict[int, int] | None = None
    """Clause -> where its `attempt` word ends, for an attempt whose next clause opens with a
    negation or a `failure` word ("tried to install vLLM, doesn't work")."""
    asked: frozenset[int] = frozenset()
    """Clauses with a `question` word ("she grilled me on transformers")."""
    inherited: frozenset[int] = frozenset()
    """Clauses with no subject of their own that take the one before ("Jonas: Terraform for
    staging", "Sam set up the cluster, then trained PPO")."""
    lacking: frozenset[int] = frozenset()
    """Clauses after a label that opens with a `negation_labels` phrase ("gaps: Kubernetes,
    anything frontend"): what the writer lacks or did not do."""
    work_roles: frozenset[int] = frozenset()
    """Where a `role_nouns_of_work` word starts (in `roles` too)."""
    document_label: bool = False
    """A leading label is about the writer's CV or an application ("tailored the resume:
    ...")."""


@functools.lru_cache(maxsize=4096)
def _read(text: str) -> _Line:
    starts = {0}
    cues: list[tuple[int, int, str]] = []
    for match in _SENTENCE_END.finditer(text):
        starts.add(match.end())
    for match in _COMMA_SUBJECT.finditer(text):
        starts.add(match.start("subject"))  # "Omar fixed the test, I reviewed his PR"
    if ", " in text:
        verbs = _subjects()[3]
        for match in _COMMA_WORD.finditer(text):
            # "no time, skimmed the Postgres release notes": a list of things done, each its
            # own clause (a negation or a plan before the comma stays before it).
            word = match["word"].casefold()
            if _past_form(word, verbs) and not _APPOSITION_BEFORE.search(text, 0, match.start()):
                starts.add(match.start("word"))
        for match in _COMMA_THEIR.finditer(text):
            starts.add(match.start("word"))  # "Maya is out, her Kafka PR waits for review"
        for match in _COMMA_NAME.finditer(text):
            # "went to the reading group, Ana presented the paper"
            if _subject(text[match.start("name") : match.start("name") + _SUBJECT_WINDOW]):
                starts.add(match.start("name"))
    doing = _doing(text) if "ing" in text else frozenset()
    starts.update(doing)
    for start, end, kind in _cues().find(text):
        if kind == "clause_breaks" or (
            kind in ("plan", "negation", "failure")
            and text[max(0, start - 2) : start].strip() == ","
        ):
            # A comma before a plan or a negation starts a clause too: "implemented DPO,
            # will try ORPO next", "tried kind, couldn't get the ingress to work".
            starts.add(start)
        if kind not in ("clause_breaks", "not_negation"):
            cues.append((start, end, kind))
    ordered = tuple(sorted(starts))
    ends = (*ordered[1:], len(text))
    label: str | None = None
    job_label = document_label = False
    colon = text.find(": ")
    if colon > 0 and ordered[1] == colon + 1:  # the first clause is a label: "tomorrow: ..."
        head = [c for c in cues if c[0] < colon and c[2] == "plan"]
        if head:
            label = " ".join(text[head[0][0] : head[0][1]].lower().split())
        job_label = any(c[0] < colon and c[2] == "job" for c in cues)
        # "tailored the resume: emphasised Kubernetes": the list is the document's
        document_label = any(c[0] < colon and c[2] == "document" for c in cues)
    labels: list[str | None] = [label] * len(ordered)
    lacking: set[int] = set()
    for number in range(1, len(ordered)):
        start, end = ordered[number - 1], ordered[number]
        if text[end - 1 : end] == ":" and _negation_label(text[start : end - 1]):
            lacking.add(number)  # "gaps from the last rejection: Kubernetes"
        if text[end - 1 : end] == ":" and len(words(text[start:end])) <= _LABEL_WORDS:
            plans = [c for c in cues if start <= c[0] < end and c[2] == "plan"]
            if plans:
                labels[number] = " ".join(text[plans[0][0] : plans[0][1]].lower().split())
            else:
                # "action: me to set up Sentry", "next: evals on GPT-4": a task list's label.
                named = " ".join(words(text[start : end - 1])).casefold()
                if named in _plan_labels():
                    labels[number] = named
    other: list[bool] = []
    inherited: set[int] = set()
    for start, end in zip(ordered, ends, strict=True):
        subject = _subject(text[start : min(end, start + _SUBJECT_WINDOW)])
        if not other and len(ordered) > 1 and _owner_label(text[start:end]):
            subject = True  # "Jonas: Terraform for staging", "Maya - Kafka lag": their item
        if start in doing:
            subject = True  # "people on LinkedIn working on interpretability"
        if subject is False and other and text[:start].rstrip()[-1:] in (":", "-", "–", "—"):
            # After a colon or a dash the clause goes on about what came before ("Dad's
            # project: a bash script that tweets"), unless it names its own subject.
            subject = None if not _OWN_SUBJECT.match(text, start) else False
        if subject is None and other:
            inherited.add(len(other))
        other.append(other[-1] if subject is None and other else bool(subject))
    quoted = '"' in text or "“" in text or "~~" in text
    quotes = tuple(m.span() for m in _QUOTED.finditer(text)) if quoted else ()
    by_clause: list[list[tuple[int, int, str]]] = [[] for _ in ordered]
    for found in cues:
        by_clause[bisect.bisect_right(ordered, found[0]) - 1].append(found)
    grouped = tuple(_clause(clause) for clause in by_clause)
    sentences = tuple(sorted({0, *(m.end() for m in _SENTENCE.finditer(text))}))
    found_roles = _roles().find(text)
    roles = frozenset(start for start, _, _ in found_roles)
    work = frozenset(start for start, _, strong in found_roles if not strong)
    failed: dict[int, int] | None = None
    asked: frozenset[int] = frozenset()
    if any(kind in _RARE for _, _, kind in cues):
        failed, asked = _attempts(text, ordered, by_clause)
    return _Line(
        ordered,
        grouped,
        label,
        job_label,
        tuple(other),
        quotes,
        sentences,
        tuple(labels),
        roles,
        failed,
        asked,
        frozenset(inherited),
        frozenset(lacking),
        work,
        document_label,
    )


_RARE: Final = frozenset(("attempt", "question"))


def _attempts(
    text: str, starts: tuple[int, ...], by_clause: list[list[tuple[int, int, str]]]
) -> tuple[dict[int, int], frozenset[int]]:
    """The clauses of a failed attempt (with where their attempt word ends) and the clauses
    of a question (`_Line.failed`, `_Line.asked`)."""
    failed: dict[int, int] = {}
    asked: set[int] = set()
    for number, clause in enumerate(by_clause):
        if any(kind == "question" for _, _, kind in clause):
            asked.add(number)
        attempt = next((end for _, end, kind in clause if kind == "attempt"), None)
        if attempt is None or number + 1 >= len(by_clause) or not by_clause[number + 1]:
            continue
        first_start, _, first_kind = by_clause[number + 1][0]
        if (
            first_kind in ("negation", "failure")
            and _A_WORD.search(text, starts[number + 1], first_start) is None
        ):
            failed[number] = attempt
    return failed, frozenset(asked)


_DOER_REACH: Final = 4
"""How many words may stand between a doer and its "-ing" verb ("people on LinkedIn working
on ...")."""
_BREAK: Final = re.compile(r"[,;:.!?()\[\]\"]")


def _doing(text: str) -> frozenset[int]:
    """Where an "-ing" verb starts whose doer is a noun right before it (`doers`,
    `other_roles`, `role_nouns`: "a founder building an agent startup"): the clause from there
    is theirs."""
    found: set[int] = set()
    skip = _not_participles()
    for _, end, _ in _doers().find(text):
        for count, word in enumerate(_A_WORD.finditer(text, end)):
            if count >= _DOER_REACH or _BREAK.search(text, end, word.start()):
                break
            folded = word[0].casefold()
            if folded.endswith("ing") and len(folded) > 4 and folded not in skip:
                found.add(word.start())
                break
    return frozenset(found)


@functools.cache
def _doers() -> PhraseIndex[bool]:
    scope = data()["scope"]
    nouns = {*scope["doers"], *scope["other_roles"], *scope["role_nouns"]}
    return PhraseIndex(((noun, True) for noun in nouns), plurals=True)


@functools.cache
def _not_participles() -> frozenset[str]:
    return frozenset(word.casefold() for word in data()["scope"]["not_participles"])


def _owner_label(clause: str) -> bool:
    """Whether a line's first clause is only a person's name (or names) before a colon or a
    dash: "Jonas:", "Kofi / Lin:", "Maya —". A name is a capitalised word that is no
    `not_names`, level, context, cue or shipped skill word (`_label_words`)."""
    found = _OWNER_LABEL.match(clause.strip())
    if found is None:
        return False
    names = [w for w in words(found["names"]) if w.casefold() != "and"]
    if not names or len(names) > 4:
        return False
    known = _label_words()
    return all(
        w[:1].isupper() and w[1:].islower() and w.isalpha() and w.casefold() not in known
        for w in names
    )


@functools.cache
def _label_words() -> frozenset[str]:
    """Words that are no one's name at the start of a line (casefolded): `not_names`, the
    level, context and cue words, and the shipped skills' one-word names and aliases."""
    loaded = data()
    found = {w.casefold() for w in loaded["scope"]["not_names"]}
    for table in loaded["levels"].values():
        for key in ("done", "base"):
            found.update(p.casefold() for p in table.get(key, []) if " " not in p)
    found.update(w.casefold() for w in loaded["context"]["words"] if " " not in w)
    for kind in _CUE_KINDS:
        found.update(p.casefold() for p in loaded["scope"][kind] if " " not in p)
    raw = importlib.resources.files("career.journal").joinpath("data/skills.toml").read_bytes()
    for name, table in tomllib.loads(raw.decode("utf-8")).get("skill", {}).items():
        found.update(n.casefold() for n in (name, *table.get("aliases", [])) if " " not in n)
    return frozenset(found)


def _subject(clause: str) -> bool | None:
    """True: someone else is the subject; False: the writer (or no one in particular); None:
    the clause opens with a verb, so its subject is the one before."""
    others, roles, not_names, verbs = _subjects()
    if "includ" in clause and _WRITER_INCLUDED.search(clause):
        return False  # "the whole team, me included, migrated ...": the writer too
    if "(" in clause:
        # An aside after a name is no verb: "Adam (the postdoc) showed me ...".
        clause = _ASIDE.sub(" ", clause)
    aside = _APPOSITIVE.match(clause) if "," in clause else None
    if aside is not None:
        clause = aside["name"] + clause[aside.end() :]  # "Ben, the new intern, wrote ..."
    # A hyphenated word is one word here: "Sofia fine-tuned Whisper" has a verb after the name.
    written = _HYPHENATED.findall(clause) if "-" in clause else words(clause)
    while written and written[0].casefold() in _LEADING:
        written.pop(0)
    if written and written[0].casefold() in _time_openers()[1]:
        # "next week Kofi presents ...", "yesterday, Sam deployed ...": a time first.
        written = written[_time_opener([word.casefold() for word in written[:3]]) :]
    if not written:
        return False
    folded = [word.casefold() for word in written]
    first = written[0]
    if folded[0] in ("i", "we", "me"):
        return False
    if folded[0] in verbs or (len(folded[0]) > 4 and folded[0].endswith("ed")):
        return None
    # "he deployed", "they're using", "the authors trained": whoever it is, not the writer.
    for size in (3, 2, 1):
        if " ".join(folded[:size]) in others:
            return True
    # "my colleague (Sam) deployed", "recruiter from a quant fund wants ...": a clause that
    # opens with someone's role is about them.
    position = 1 if folded[0] in _DETERMINERS else 0
    for skip in range(3):
        if position + skip < len(folded) and folded[position + skip] in roles:
            return not (position + skip + 1 < len(folded) and folded[position + skip + 1] == "and")
    if folded[0] in _DETERMINERS:
        return False
    return _name_subject(written, verbs) if first not in not_names else False


def _name_subject(written: list[str], verbs: frozenset[str]) -> bool:
    """A capitalised name (one or two words, or two joined by "and") followed by a verb."""
    first = written[0]
    if not (first[:1].isupper() and any(c.islower() for c in first[1:])):
        return False
    folded = [word.casefold() for word in written]
    position = 1
    if position < len(written) and folded[position] == "s":
        return True  # "Marco's PR got merged", "Tom's team uses Terraform"
    if position < len(written) and folded[position] == "and":
        if position + 1 < len(written) and folded[position + 1] in ("i", "me"):
            return False
        position += 2
    elif position < len(written) and written[position][:1].isupper():
        position += 1
    position = _past_affiliation(folded, position)
    # "-ing" is no verb after a name: "Reinforcement learning notes" is no one doing anything.
    return _followed_by_verb(folded, position, verbs, gerund=False)


_AFFILIATION_WORDS: Final = 5
"""How many words an affiliation after a name may take ("from the infra team")."""


def _past_affiliation(folded: list[str], position: int) -> int:
    """Where the words after a name go on once an affiliation is skipped ("Tom from the infra
    team migrated ...", "Li at the lab trained ..."): from/at/on/of, then words up to a
    `groups` word ("team", "lab"). `position` itself when there is none."""
    if position >= len(folded) or folded[position] not in ("from", "at", "on", "of", "in"):
        return position
    groups = _groups()
    for end in range(position + 1, min(len(folded), position + _AFFILIATION_WORDS + 1)):
        if folded[end] in groups:
            return end + 1
    return position


_NEGATION_LABEL_WORDS: Final = 8
"""How long a label may be that a `negation_labels` phrase opens ("gaps from the last
rejection:")."""


def _negation_label(label: str) -> bool:
    """Whether a label (the words before a colon) opens with a `negation_labels` phrase."""
    found = leading_words(label, _NEGATION_LABEL_WORDS)
    if not found:
        return False
    found = [word.casefold() for word in found]
    phrases = _negation_labels()
    return any(" ".join(found[:size]) in phrases for size in (1, 2, 3))


@functools.cache
def _negation_labels() -> frozenset[str]:
    return frozenset(" ".join(words(p)).casefold() for p in data()["scope"]["negation_labels"])


def _time_opener(first: list[str]) -> int:
    """How many of a clause's first words (casefolded) are a `time_openers` phrase."""
    openers, starts = _time_openers()
    if first[0] not in starts:
        return 0
    for size in (3, 2, 1):
        if len(first) >= size and " ".join(first[:size]) in openers:
            return size
    return 0


@functools.cache
def _time_openers() -> tuple[frozenset[str], frozenset[str]]:
    """The `time_openers` phrases (casefolded words joined by a space) and their first words."""
    phrases = [words(p.casefold()) for p in data()["scope"]["time_openers"]]
    return frozenset(" ".join(p) for p in phrases), frozenset(p[0] for p in phrases)


@functools.cache
def _plan_labels() -> frozenset[str]:
    return frozenset(" ".join(words(label)).casefold() for label in data()["scope"]["plan_labels"])


@functools.cache
def _groups() -> frozenset[str]:
    return frozenset(word.casefold() for word in data()["scope"]["groups"])


def _followed_by_verb(
    folded: list[str], position: int, verbs: frozenset[str], gerund: bool = True
) -> bool:
    """Whether a verb comes at `position` (after adverbs and auxiliaries). An "-ing" word is a
    verb after an auxiliary ("Sam is using JAX"), or anywhere with `gerund`."""
    skipped = position
    while position < len(folded) and (
        folded[position].endswith("ly") or folded[position] in _AUXILIARY
    ):
        position += 1
    if position >= len(folded):
        return False
    word = folded[position]
    if word == "to" and position == skipped and position + 1 < len(folded):
        # "action: Jo to write the Terraform": a task handed to someone else.
        return folded[position + 1] in verbs
    if "-" in word:
        word = word.rsplit("-", 1)[1]  # "fine-tuned", "re-ran"
    if word in verbs or (len(word) > 3 and word.endswith("ed")):
        return True
    return (gerund or position > skipped) and len(word) > 4 and word.endswith("ing")


_HYPHENATED: Final = re.compile(r"[^\W_]+(?:-[^\W_]+)*[+#]*")
_SENTENCE: Final = re.compile(r"[.!?]+(?=\s|$)")
_ASIDE: Final = re.compile(r"\([^()\n]*\)")
_APPOSITIVE: Final = re.compile(
    r"^(?P<name>\W*[A-Z][a-z]+),[ \t]+(?:the|my|our|a|an|his|her|their)\b[^,\n]{0,40},"
)


def _past_form(word: str, verbs: frozenset[str]) -> bool:
    """A verb in the past (a level word's past form, an irregular past, "-ed"): what opens the
    next item of a list of things done."""
    if word.endswith("s") or word.endswith("ing") or word in _AUXILIARY:
        return False
    if word in verbs:
        return word not in _base_forms() or word in _IRREGULAR  # "read", "set": past too
    return len(word) > 4 and word.endswith("ed")


@functools.cache
def _base_forms() -> frozenset[str]:
    return frozenset(
        phrase.casefold()
        for table in data()["levels"].values()
        for phrase in table.get("base", [])
        if " " not in phrase
    )


def _writer_opens(text: str, start: int, end: int) -> bool:
    """Whether a clause is the writer's own doing: it opens with "I"/"we" or a verb in the
    past ("needed weight decay 1.0 to get it to grok"), not with what a posting or a person
    wants ("the JD wants Kubernetes")."""
    written = words(text[start : min(end, start + _SUBJECT_WINDOW)])
    while written and written[0].casefold() in _LEADING:
        written.pop(0)
    if not written:
        return False
    first = written[0].casefold()
    verbs = _subjects()[3]
    return first in ("i", "we") or (
        (first in verbs or first.endswith("ed")) and not first.endswith("s")
    )


def sentence_start(text: str, position: int) -> int:
    """Where the sentence holding `position` starts (after ``.`` ``!`` ``?``)."""
    starts = _read(text).sentences
    return starts[bisect.bisect_right(starts, position) - 1]


_A_WORD: Final = re.compile(r"[^\W_]+")


def _words_between(text: str, start: int, end: int) -> int:
    return sum(1 for _ in _A_WORD.finditer(text, start, end))


def _at_most_one_word(text: str, start: int, end: int) -> bool:
    found = _A_WORD.finditer(text, start, end)
    return next(found, None) is None or next(found, None) is None


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of `text`."""
    starts = _read(text).starts
    return list(zip(starts, (*starts[1:], len(text)), strict=True))


def _negated(line: _Line, index: int, start: int) -> bool:
    """A negation before `start` in clause `index` of `line`, or a failed attempt."""
    ends = line.cues[index].negation_ends
    if (ends and ends[0] <= start) or index in line.lacking:
        return True
    # "tried to install vLLM, doesn't work": the attempt failed
    failed = line.failed
    return failed is not None and index in failed and failed[index] <= start


def _after_modal(text: str, clause: _Clause, start: int) -> bool:
    """A `modal` word right before `start` (one word between at most)."""
    modals = clause.modal_ends
    last = bisect.bisect_right(modals, start) - 1
    return last >= 0 and _at_most_one_word(text, modals[last], start)


_ROLE_MODIFIERS: Final = 2
"""How many words may stand between a skill and its role noun ("ML infra team", "Kubernetes
platform role")."""
_NOT_MODIFIERS: Final = frozenset(
    (
        "the", "a", "an", "for", "on", "in", "with", "to", "of", "at", "from", "by", "and", "or",
        "but", "is", "was", "are", "were", "be", "been", "it", "its", "this", "that", "my",
        "our", "your", "their", "his", "her", "as", "into", "onto", "via", "using", "over",
        "through", "about", "around", "across", "up", "out", "off", "how", "what", "why",
    )
)  # fmt: skip


_HYPHEN_WORD: Final = re.compile(r"-[^\W\d_]")


def _role_after(text: str, end: int, clause_end: int, roles: frozenset[int]) -> int | None:
    """Where the role noun after a span starts: right after it, or after at most two words
    that are no function words, with only spaces or hyphens between ("ML engineer", "ML
    infra team"). None: no role."""
    last = end
    for count, word in enumerate(_A_WORD.finditer(text, end, clause_end)):
        if count > _ROLE_MODIFIERS or text[last : word.start()].strip(" -"):
            return None
        if word.start() in roles:
            # "team-wide", "lab-grown": an adjective, no role
            return None if _HYPHEN_WORD.match(text, word.end()) else word.start()
        folded = word[0].casefold()
        if folded in _NOT_MODIFIERS or folded.endswith("ed") or not word[0].isalpha():
            return None
        last = word.end()
    return None


_THEIR_BEFORE: Final = re.compile(
    r"\b(?:his|her|their)(?P<between>(?:[ \t]+[\w-]+){0,2})[ \t]+$", re.IGNORECASE
)


_POSSESSIVES: Final = frozenset(("his", "her", "their"))


def _theirs(text: str, clause_start: int, start: int) -> bool:
    """Whether the span at `start` is someone's thing: right after "his", "her" or "their",
    with at most two words between that are no function words ("their JAX stack"; not "walked
    her through the FSDP migration", where "her" is an object)."""
    if _POSSESSIVES.isdisjoint(tokens(text).folded):
        return False  # most lines: no "his", "her" or "their" at all
    found = _THEIR_BEFORE.search(text, max(clause_start, start - 60), start)
    return found is not None and not any(
        word.casefold() in _NOT_MODIFIERS for word in words(found["between"])
    )


_HOW_BEFORE: Final = re.compile(r"\b(?:how|what|why|where|when|the way)[ \t]*$", re.IGNORECASE)


def _shown(text: str, line: _Line, index: int) -> bool:
    """Whether the writer is the object of someone else's clause `index` ("she walked me
    through her JAX code"), or of the clause before it that ends with "how", "what", ... ("she
    showed me how she uses cargo-insta": what she uses is what the writer saw)."""
    start = line.starts[index]
    end = line.starts[index + 1] if index + 1 < len(line.starts) else len(text)
    if _ME.search(text, start, end) is not None:
        return True
    if index == 0 or not line.other[index - 1]:
        return False
    before = line.starts[index - 1]
    return (
        _HOW_BEFORE.search(text, before, start) is not None
        and _ME.search(text, before, start) is not None
    )


def _required_after(text: str, clause: _Clause, end: int) -> bool:
    """A `required` word after `end` in its clause with no comma between ("Go is a must-have";
    not "Kubernetes basics, since every posting asks for it")."""
    starts = clause.required_starts
    if not starts:
        return False
    after = bisect.bisect_left(starts, end)
    return after < len(starts) and "," not in text[end : starts[after]]


def scope_at(text: str, start: int, end: int) -> Scope:
    """What the rules say about the span `start:end` of `text` (see the module docstring)."""
    line = _read(text)
    index = bisect.bisect_right(line.starts, start) - 1
    clause_start = line.starts[index]
    clause_end = line.starts[index + 1] if index + 1 < len(line.starts) else len(text)
    clause = line.cues[index]
    cue: str | None = line.labels[index]
    if cue is None and clause.plan is not None:
        # A plan is about its whole clause: "DPO next week" is as much a plan.
        cue = " ".join(text[clause.plan[0] : clause.plan[1]].lower().split())
    ends = clause.negation_ends
    negated = _negated(line, index, start)
    after = bisect.bisect_right(ends, start)  # the first negation that ends after the span
    denied = clause.negations[after][0] if after < len(ends) else None
    modal = _after_modal(text, clause, start)
    asked_for = (clause.requirement_end is not None and clause.requirement_end <= start) or (
        _required_after(text, clause, end)
    )
    contrasted = asked_for and (
        line.other[index] or not _writer_opens(text, clause_start, clause_end)
    )
    at = bisect.bisect_right(clause.contrasts, (start, start, "~")) - 1
    while not contrasted and at >= 0:
        cue_start, cue_end, kind = clause.contrasts[at]
        at -= 1
        if cue_end > start:
            continue
        if _FAR_SIDE_ENDS.search(text, cue_end, start):
            break  # a comma or preposition between: so for every earlier one too
        if text[cue_start:cue_end].lower() == "to" and _words_between(text, cue_end, start) > 1:
            # "to" as a far side takes one word before its noun at most ("compared it to the
            # PyTorch one"): "compared the runs to check the PyTorch numbers" is a purpose.
            break
        # Only the phrase right after a contrast, up to a preposition or a comma
        # ("evaluated X against GPT-4 on my eval set": the eval set is mine); a far-side
        # word only after a verb of its group ("evaluated X against GPT-4").
        near = clause.near.get(kind[4:])
        contrasted = kind == "contrast" or (near is not None and near < cue_start)
    role = work_role = False
    if line.roles and text[end : end + 1] in (" ", "-"):
        role_at = _role_after(text, end, clause_end, line.roles)
        role = role_at is not None
        if role_at is not None and role_at in line.work_roles:
            role, work_role = False, True
    quoted = any(q_start < start and end < q_end for q_start, q_end in line.quotes)
    return Scope(
        negated,
        cue is not None,
        line.other[index],
        contrasted,
        role,
        denied is not None,
        quoted,
        (clause_start, clause_end),
        cue,
        denied,
        modal,
        line.job_label or clause.job,
        line.other[index] and _shown(text, line, index),
        line.other[index] and index in line.asked,
        clause.document or line.document_label,
        index in line.inherited,
        work_role,
        _theirs(text, clause_start, start),
    )


def own_words_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The clause of the span `start:end` when the span can be the writer's own word: not
    negated, no one else's, not quoted, not right after a modal (what `scope_at` says of
    these four, without the rest: a level word asks only this, and every line has some)."""
    line = _read(text)
    index = bisect.bisect_right(line.starts, start) - 1
    if line.other[index] or _negated(line, index, start):
        return None
    if _after_modal(text, line.cues[index], start):
        return None
    if line.quotes and any(q_start < start and end < q_end for q_start, q_end in line.quotes):
        return None
    clause_start = line.starts[index]
    return clause_start, line.starts[index + 1] if index + 1 < len(line.starts) else len(text)


def claim_at(text: str, start: int, end: int) -> Claim:
    """Negated / planned / someone else, for the span `start:end` of `text`."""
    return scope_at(text, start, end).claim


def line_claim(text: str) -> Claim:
    """Negated / planned / someone else for the line's first clause (its main statement): what
    decides whether a line can suggest a record."""
    line = _read(text)
    first = line.cues[0]
    return Claim(bool(first.negations), first.plan is not None, line.other[0])
