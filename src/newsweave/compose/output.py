"""From the run's internal records to the published contract (:class:`newsweave.render.schema.Brief`)."""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.model import Analysis, CopyLink, Corpus, Story
from newsweave.render import schema as out


def to_brief(corpus: Corpus) -> out.Brief:
    texts = {(a.article.id, s.index): s.text for a in corpus.analyses for s in a.sentences}
    return out.Brief(
        articles=[_article(a, corpus.copies, texts) for a in sorted(corpus.analyses, key=lambda a: a.article.id)],
        stories=[_story(s) for s in corpus.stories],
        skipped=[out.SkippedOut(path=s.path, reason=s.reason) for s in corpus.skipped],
    )


def _article(analysis: Analysis, copies: Sequence[CopyLink], texts: dict) -> out.ArticleOut:
    article = analysis.article
    links = [c for c in copies if c.article == article.id]
    notes = list(article.notes)
    if analysis.reference_note:
        notes.append(analysis.reference_note)
    return out.ArticleOut(
        id=article.id,
        title=article.title,
        source=article.source,
        published=article.published.isoformat() if article.published else None,
        author=article.author,
        url=article.url,
        path=article.path,
        language=article.language,
        text=article.text,
        removed=[out.RemovedText(text=r.text, reason=r.reason) for r in article.removed],
        derived_from=[c.source for c in links],
        derivations=[
            out.Derivation(
                source=c.source,
                kind=c.kind,
                score=c.score,
                direction=c.direction,
                evidence=[
                    out.SentencePairOut(
                        article_sentence=texts[p.a], source_sentence=texts[p.b], similarity=p.similarity
                    )
                    for p in c.evidence
                ],
            )
            for c in links
        ],
        notes=notes,
    )


def _story(story: Story) -> out.StoryOut:
    return out.StoryOut(
        id=story.id,
        title=story.title,
        article_ids=list(story.article_ids),
        summary=[out.SummarySentenceOut(text=s.text, sources=list(s.sources), fact=s.fact_id) for s in story.summary],
        facts=[
            out.FactOut(
                id=f.id,
                text=f.text,
                sources=list(f.sources),
                independent_sources=f.independent,
                single_source=f.independent < 2,
                attributed_to=list(f.attributed_to),
            )
            for f in story.facts
        ],
        single_source=[f.id for f in story.facts if f.independent < 2],
        conflicts=[
            out.ConflictOut(
                id=c.id,
                kind=c.kind,
                what=c.what,
                sides=[
                    out.ConflictSideOut(article=s.article_id, text=s.text, value=s.value,
                                        attributed_to=list(s.attributed_to))
                    for s in c.sides
                ],
            )
            for c in story.conflicts
        ],
        quotes=[out.QuoteOut(speaker=q.speaker, text=q.text, sources=list(q.sources)) for q in story.quotes],
        reported=[out.QuoteOut(speaker=q.speaker, text=q.text, sources=list(q.sources)) for q in story.reported],
        timeline=[
            out.TimelineEntry(
                date=e.date.isoformat(),
                end=e.end.isoformat() if e.end != e.date else None,
                granularity=e.granularity,
                text=e.text,
                sources=list(e.sources),
                excerpt=e.excerpt,
            )
            for e in story.timeline
        ],
        entities=[out.EntityOut(name=e.name, aliases=list(e.aliases), kind=e.kind) for e in story.entities],
    )
