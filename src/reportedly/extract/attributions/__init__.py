"""Attributions: direct, partial, mixed and indirect quotes and "according to" claims.

An article flows through the rule *finders*, then through the *stages* below, in this order;
every stage is ``stage(ctx, drafts) -> drafts`` over one :class:`Context` (the parse, its
quotes, the tagger's runs) and a list of :class:`Draft` attributions, and
:func:`.finish.finish` makes the drafts :class:`reportedly.model.Attribution` objects.

1. *Finders* (:data:`FINDERS`): a reporting verb or belief adjective with its source (its
   subject, the agent of a passive, or the subject of the verb it depends on) and its content
   (a clause, a stated object, or a quote after it, ending its clause or before its subject);
   a verb reporting through a preposition ("called for …"); "according to X"; "In a poll
   by X, …".
2. *Tidying* the rules' drafts: contents settled on whole quotes and trimmed, one frame kept out
   of another's content, the nearest of several frames on one quote.
3. *What no frame claimed*: whole-sentence quotes (to a "Name:" or dash speaker when there is
   one), quoted fragments, "Speaker: statement" lines.
4. *The tagger* (:mod:`.tagged`, :mod:`.merge`): its drafts added, then merged with the rules'
   by the policy :mod:`.merge` states; one attribution per cue, in text order.
5. *Frames for the frameless*: a fragment takes the reporting verb it hangs on; a draft with no
   cue the tagger's cue beside it. Both come before the joins: “A,” X said of Y. “B.” is one
   statement only once “A,” has X's frame.
6. *Split quotes* (:mod:`.split_quotes`): the pieces of one statement joined, and a speaker
   going on after a framed statement.
7. *Statement lists* (:mod:`.statement_lists`): under "IN BRIEF: X talks to reporters" or
   "Below are X's key statements:", each paragraph one statement of X's, with no cue.
   The article's headline credited after a dash (:mod:`.headlines`).
8. *Claims credited backwards* (:mod:`.backwards`): "A. That's according to X, Y reports."
   credits A to X and A through X to Y; "A. This was reported by X."
   *Agency syntax* (:mod:`.boundaries`): a content starts after its dateline, runs through
   "according to X" when Y reports it, and no "according to" inside a quote credits the quote.
9. The writer's trailing asides cut off an unquoted content.
10. Page furniture (:mod:`.furniture`): no source or content in a scraper's lines.

Types follow the output contract (``docs/architecture.md``): content that is one quote is
direct, content with quoted stretches is mixed, content with none is indirect.
"""

from __future__ import annotations

from collections.abc import Callable

from reportedly.document import Parsed
from reportedly.extract.attributions.according_to import according_to, in_a_document
from reportedly.extract.attributions.backwards import credit_backwards
from reportedly.extract.attributions.boundaries import (
    cut_datelines,
    drop_quoted_according_to,
    extend_through_according_to,
)
from reportedly.extract.attributions.draft import Context, Draft
from reportedly.extract.attributions.finish import finish
from reportedly.extract.attributions.frames import prepositional_frames, verb_frames
from reportedly.extract.attributions.furniture import drop_page_furniture
from reportedly.extract.attributions.headlines import add_dash_headline
from reportedly.extract.attributions.merge import (
    drop_unread_by_tagger,
    fill_cue_from_tagger,
    merge_tagged,
)
from reportedly.extract.attributions.split_quotes import join_speaker_going_on, join_split_quotes
from reportedly.extract.attributions.statement_lists import add_statement_lists
from reportedly.extract.attributions.tagged import add_tagged
from reportedly.extract.attributions.tidy import (
    cut_trailing_asides,
    dedupe,
    keep_nearest_frame,
    separate_frames,
    settle,
    sort_by_position,
)
from reportedly.extract.attributions.unframed import (
    add_colon_lines,
    add_unframed_quotes,
    frame_fragments,
)
from reportedly.model import Attribution
from reportedly.tagger import TaggedRun

Finder = Callable[[Context], list[Draft]]
Stage = Callable[[Context, list[Draft]], list[Draft]]

#: The rules' drafts, in this order.
FINDERS: tuple[Finder, ...] = (
    verb_frames,            # reporting verbs and belief adjectives: "X said that …", "“…” X said"
    prepositional_frames,   # "X called for a ceasefire"
    according_to,           # "according to X", "figures from X"
    in_a_document,          # "In a poll by X, …"
)

#: What happens to the drafts, in this order.
STAGES: tuple[Stage, ...] = (
    settle,                 # quotes a content cuts into made whole, the writer's edges trimmed
    separate_frames,        # one attribution's frame kept out of another's content
    keep_nearest_frame,     # several frames on one quote: the one in its sentence
    add_unframed_quotes,    # quotes no frame claimed: direct (a whole sentence) or partial
    add_colon_lines,        # "Speaker: statement" lines
    add_tagged,             # the tagger's drafts (origin="tagger"), settled
    merge_tagged,           # rules versus tagger: who wins where (the policy, merge.py)
    drop_unread_by_tagger,  # a rule content the tagger marks no word of (only if it ran)
    dedupe,                 # one attribution per cue; one per content and source
    sort_by_position,       # text order
    frame_fragments,        # a quoted fragment takes the reporting verb it hangs on
    fill_cue_from_tagger,   # a draft with no cue takes the tagger's cue beside it
    join_split_quotes,      # “A,” she said, “B.”: one statement in pieces
    join_speaker_going_on,  # "He said X. “B.”": the speaker going on
    add_statement_lists,    # "Below are X's key statements:": a paragraph, a statement of X's
    add_dash_headline,      # "Russia, Ecuador close to deal — ambassador": the first line
    credit_backwards,       # "A. That's according to X, Y reports.": A to X, and A…X to Y
    extend_through_according_to,  # "A, according to X, Y reported.": Y's content through X
    drop_quoted_according_to,     # "“…, according to our data,” she said": the quote is hers
    cut_datelines,          # "MINSK, 14 November (BelTA) – A": the claim is A
    cut_trailing_asides,    # ", which …": the writer's gloss off an unquoted content
    drop_page_furniture,    # nothing in "Advertisement", "Read also: …" lines (furniture.py)
)


def extract_attributions(parsed: Parsed, runs: list[TaggedRun] | None
                         ) -> tuple[list[Attribution], list[bool]]:
    """Attributions by the rules, completed by the tagger's ``runs`` over the article (None: the
    tagger did not run, rules only; an empty list: it ran and found nothing), their speakers
    not linked yet, and for each whether it was drafted as a direct quote (what
    :func:`reportedly.extract.entities.link_speakers` reads besides)."""
    ctx = Context(parsed, runs)
    drafts = [draft for find in FINDERS for draft in find(ctx)]
    for stage in STAGES:
        drafts = stage(ctx, drafts)
    return finish(parsed, drafts)
