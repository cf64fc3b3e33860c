"""Pure Chinese full-text search logic (no Django): tokens, query, ranking, highlight.

Decision 0004 explains the overlapping-bigram index; the database backends store
:func:`index_text` of titles and bodies and query with :func:`fts5_match` or :func:`pg_tsquery`.
"""

from gongkai.search.domain.highlight import find_matches, highlight, snippet, snippet_segments
from gongkai.search.domain.query import (
    Clause,
    Query,
    clause_matches,
    find_occurrences,
    fts5_match,
    matches,
    parse_query,
    pg_tsquery,
)
from gongkai.search.domain.ranking import MatchFacts, compute_facts, rank, sort_key
from gongkai.search.domain.tokens import (
    configure_jieba,
    index_terms,
    index_terms_with_positions,
    index_text,
    normalize,
    plain_text,
    word_terms,
)

__all__ = [
    "Clause",
    "MatchFacts",
    "Query",
    "clause_matches",
    "compute_facts",
    "configure_jieba",
    "find_matches",
    "find_occurrences",
    "fts5_match",
    "highlight",
    "index_terms",
    "index_terms_with_positions",
    "index_text",
    "matches",
    "normalize",
    "parse_query",
    "pg_tsquery",
    "plain_text",
    "rank",
    "snippet",
    "snippet_segments",
    "sort_key",
    "word_terms",
]
