"""Routing suggestion (派单建议) learned from past dispatches (issue #6 "Help for operators").

Not a rule, so not in the domain package: TF-IDF over jieba tokens of the ticket text and
cosine k-nearest neighbours; the nearest past tickets vote (weighted by similarity) for the unit
that handled them. scikit-learn and numpy are not installed, so vectors are sparse dicts in plain
Python, identical training vectors are merged, and scoring walks an inverted index (term →
documents). A nearest-centroid model was tried first and lost to kNN on small units: a small
township's centroid is dominated by its name and by praise wording.

Training examples are tickets whose handling unit answered them (the unit holding the ticket
after any 退单, not a unit that returned it). The model is saved as JSON in the var directory
(``hotline_routing.json``) by ``manage.py hotline_routing_train`` and loaded once per process
(reloaded when the file changes). ``manage.py hotline_routing_eval`` measures top-1 / top-3
accuracy on the newest 20 % of tickets with a model trained on the older 80 %.
"""

from __future__ import annotations

import heapq
import json
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

__all__ = [
    "Example",
    "RoutingModel",
    "Suggestion",
    "load_model",
    "suggest_units",
    "tokenize",
    "train",
    "training_examples",
]

MODEL_FILE = "hotline_routing.json"
FORMAT = 2
BIGRAM_WEIGHT = 0.4  # bigrams back words up; at full weight they drown the rare words
NEIGHBOURS = 15  # distinct documents voting for a suggestion
MIN_DF = 2  # a term seen in one ticket only is noise (a name, a number)
MAX_DF_RATIO = 0.5  # a term in half the tickets says nothing about the unit
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "有",
        "我",
        "我们",
        "请",
        "请问",
        "希望",
        "反映",
        "问题",
        "没有",
        "一个",
        "多次",
        "相关",
        "部门",
        "处理",
        "尽快",
        "如何",
        "什么",
        "怎么",
        "哪些",
        "需要",
        "可以",
        "已经",
        "至今",
        "仍",
        "还",
        "也",
        "都",
        "就",
        "要",
        "能",
        "该",
        "其",
        "对",
        "与",
        "及",
        "或",
        "等",
        "很",
        "不",
        "被",
        "把",
        "给",
        "让",
        "向",
        "从",
        "到",
        "为",
        "因",
        "这",
        "那",
        "个",
        "些",
    ]
)


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    unit_id: int


@dataclass(frozen=True, slots=True)
class Suggestion:
    unit_id: int
    name: str
    score: float


_jieba_lock = threading.Lock()


def tokenize(text: str) -> list[str]:
    """jieba words of ``text`` (lower-cased, without punctuation and stop words) and the
    character bigrams of its Chinese runs (prefixed with "_")."""
    import jieba

    with _jieba_lock:  # jieba initialises its dictionary lazily and not thread-safely
        words = jieba.lcut(text or "")
    out = []
    for w in words:
        w = w.strip().lower()
        if w and _WORD.search(w) and w not in STOPWORDS and not w.isdigit():
            out.append(w)
    # Character bigrams of the Chinese runs as well: jieba's segmentation of place names and
    # colloquial phrases varies ("路灯不亮" → "路", "灯不亮"), a bigram ("路灯") does not.
    for run in _HAN_RUN.findall(text or ""):
        out.extend("_" + run[i : i + 2] for i in range(len(run) - 1))
    return out


def _tfidf(tokens: Sequence[str], idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(t for t in tokens if t in idf)
    vec = {
        t: (1 + math.log(n)) * idf[t] * (BIGRAM_WEIGHT if t[0] == "_" else 1.0)
        for t, n in counts.items()
    }
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


class RoutingModel:
    """IDF weights, the distinct training documents (TF-IDF vectors with how many tickets of
    each unit had that exact vector) and an inverted index term → documents."""

    def __init__(
        self,
        idf: dict[str, float],
        docs: list[dict[int, int]],
        index: dict[str, list],
        units: dict[int, str],
        trained_on: str = "",
    ):
        self.trained_on = trained_on  # ISO date of the training (the daily job's marker)
        self.idf = idf
        self.docs = docs  # document number → {unit_id: tickets}
        self.index = index  # term → [[document number, weight], ...]
        self.units = units  # unit_id → name

    def neighbours(self, text: str, *, k: int = NEIGHBOURS) -> list[tuple[int, float]]:
        """The ``k`` most similar distinct documents (cosine of the TF-IDF vectors)."""
        q = _tfidf(tokenize(text), self.idf)
        acc: dict[int, float] = defaultdict(float)
        for term, weight in q.items():
            for doc, w in self.index.get(term, ()):
                acc[doc] += weight * w
        return heapq.nlargest(k, acc.items(), key=lambda kv: (kv[1], -kv[0]))

    def scores(self, text: str) -> dict[int, float]:
        """Votes of the nearest documents, weighted by similarity and split by their units."""
        votes: dict[int, float] = defaultdict(float)
        for doc, sim in self.neighbours(text):
            labels = self.docs[doc]
            total = sum(labels.values())
            for unit_id, n in labels.items():
                votes[unit_id] += sim * n / total
        return votes

    def suggest(self, text: str, *, k: int = 3) -> list[Suggestion]:
        ranked = sorted(self.scores(text).items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [Suggestion(u, self.units.get(u, str(u)), round(s, 4)) for u, s in ranked if s > 0]

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "idf": self.idf,
            "docs": [{str(u): n for u, n in d.items()} for d in self.docs],
            "index": self.index,
            "units": {str(k): v for k, v in self.units.items()},
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_json(cls, data: dict) -> RoutingModel:
        if data.get("format") != FORMAT:
            raise ValueError("routing model format")
        docs = [{int(u): n for u, n in d.items()} for d in data["docs"]]
        units = {int(k): v for k, v in data["units"].items()}
        return cls(data["idf"], docs, data["index"], units, data.get("trained_on", ""))


def train(examples: Iterable[Example], units: dict[int, str] | None = None) -> RoutingModel:
    """The model of ``examples``: TF-IDF over jieba words, identical vectors merged (templated
    and repeated complaints are common) with the count of tickets per unit."""
    tokenized = [(tokenize(e.text), e.unit_id) for e in examples]
    n = len(tokenized)
    df: Counter = Counter()
    for tokens, _ in tokenized:
        df.update(set(tokens))
    max_df = max(MIN_DF, int(n * MAX_DF_RATIO))
    idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items() if MIN_DF <= d <= max_df}
    numbers: dict[tuple, int] = {}
    docs: list[dict[int, int]] = []
    index: dict[str, list] = defaultdict(list)
    for tokens, unit_id in tokenized:
        vec = _tfidf(tokens, idf)
        if not vec:
            continue
        key = tuple(sorted((t, round(v, 6)) for t, v in vec.items()))
        number = numbers.get(key)
        if number is None:
            number = numbers[key] = len(docs)
            docs.append({})
            for t, v in key:
                index[t].append([number, v])
        docs[number][unit_id] = docs[number].get(unit_id, 0) + 1
    seen = {u for d in docs for u in d}
    names = {u: (units or {}).get(u, str(u)) for u in seen}
    return RoutingModel(idf, docs, dict(index), names)


def retrain(*, today) -> tuple[RoutingModel, int]:
    """Train on every dispatched ticket and save: ``(model, tickets learned from)``. A county-wide
    read: the caller activates a system scope."""
    examples = [e for _, e in training_examples()]
    model = train(examples, unit_names())
    model.trained_on = today.isoformat()
    save_model(model)
    return model, len(examples)


def training_examples(*, until=None) -> list[tuple[object, Example]]:
    """``(accepted_at, example)`` of every dispatched ticket held by its current unit, oldest
    first (a county-wide read for a job or command: the caller activates a system scope)."""
    from gongkai.hotline.domain.states import State
    from gongkai.hotline.models import Ticket

    qs = (
        Ticket.objects.filter(handling_unit__isnull=False)
        .exclude(state=str(State.RETURNED))
        .order_by("accepted_at", "pk")
    )
    if until is not None:
        qs = qs.filter(accepted_at__lt=until)
    rows = qs.values_list("accepted_at", "title", "content", "address", "handling_unit_id")
    return [
        (at, Example(_text(title, content, address), unit_id))
        for at, title, content, address, unit_id in rows.iterator(chunk_size=5000)
    ]


def _text(title: str, content: str, address: str) -> str:
    head = "" if (title and content.startswith(title)) else title
    return " ".join(p for p in (head, content, address) if p)


def unit_names() -> dict[int, str]:
    from gongkai.units.models import Unit

    return {
        pk: short or name
        for pk, short, name in Unit.unscoped.values_list("pk", "short_name", "name")
    }


def model_path() -> Path:
    return Path(settings.VAR_DIR) / MODEL_FILE


def save_model(model: RoutingModel, path: Path | None = None) -> Path:
    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(model.to_json(), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half a model
    _cache.clear()
    return path


_cache: dict[str, tuple[float, RoutingModel]] = {}
_load_lock = threading.Lock()


def load_model(path: Path | None = None) -> RoutingModel | None:
    """The saved model (cached per process, reloaded when the file changes); None if absent."""
    path = path or model_path()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    with _load_lock:
        cached = _cache.get(str(path))
        if cached is None or cached[0] != mtime:
            model = RoutingModel.from_json(json.loads(path.read_text(encoding="utf-8")))
            tokenize("预热")  # load jieba's dictionary now, not in the first suggestion
            _cache[str(path)] = (mtime, model)
            cached = _cache[str(path)]
    return cached[1]


def suggest_units(text: str, *, k: int = 3) -> list[Suggestion]:
    """The ``k`` units most likely to handle ``text``, best first ([] without a model)."""
    model = load_model()
    return model.suggest(text, k=k) if model is not None else []
