"""Sparse matrices of all candidates or all needs, built once and reused for every query."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matchhub.ranking.areas import AreaTable
from matchhub.ranking.features import Profile, Request
from matchhub.ranking.slots import SLOTS
from matchhub.ranking.taxonomy import Taxonomy

# Strongest n-grams kept per document: the rest add little but cost time on every query.
TEXT_TERMS_PER_ROW = 32
# A broad helper (「できることなら何でも」) gets this much theme credit for any need.
BROAD_THEME_CREDIT = 0.3
SLOT_BIT = {slot: 1 << i for i, slot in enumerate(SLOTS)}
MAX_LANGUAGES = 63


class TextModel:
    """TF-IDF over character n-grams, which suits Japanese without a tokenizer."""

    def __init__(self, corpus: Sequence[str], max_features: int = 20000) -> None:
        options = {"min_df": 2, "max_df": 0.4} if len(corpus) >= 50 else {}
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 3),
            sublinear_tf=True,
            max_features=max_features,
            dtype=np.float32,
            **options,
        )
        try:
            fitted = self.vectorizer.fit_transform(list(corpus) or [""])
        except ValueError:
            self.vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 1))
            fitted = self.vectorizer.fit_transform(["あ"] * max(len(corpus), 1))
        self.fitted = sp.csr_matrix(fitted, dtype=np.float32)
        self._analyze = self.vectorizer.build_analyzer()
        self._vocabulary: dict[str, int] = self.vectorizer.vocabulary_
        self._idf = self.vectorizer.idf_.astype(np.float32)
        self._sublinear = bool(self.vectorizer.sublinear_tf)
        self.size = len(self._vocabulary)

    def vector(self, text: str) -> np.ndarray:
        """Dense L2-normalised vector of one text, without sklearn's per-call overhead."""
        counts: dict[int, int] = {}
        for gram in self._analyze(text):
            column = self._vocabulary.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        out = np.zeros(self.size, dtype=np.float32)
        if counts:
            columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            out[columns] = (1.0 + np.log(tf) if self._sublinear else tf) * self._idf[columns]
            norm = float(np.linalg.norm(out))
            if norm:
                out /= norm
        return out

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return L2-normalised rows, one per text."""
        if not texts:
            return sp.csr_matrix((0, len(self.vectorizer.vocabulary_)), dtype=np.float32)
        return sp.csr_matrix(self.vectorizer.transform(list(texts)), dtype=np.float32)


def keep_strongest(matrix: sp.csr_matrix, per_row: int = TEXT_TERMS_PER_ROW) -> sp.csr_matrix:
    """Keep the per_row largest values of each row of a CSR matrix."""
    counts = np.diff(matrix.indptr)
    if counts.size == 0 or counts.max() <= per_row:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    order = np.lexsort((-matrix.data, rows))
    rank = np.arange(matrix.nnz) - matrix.indptr[rows[order]]
    kept = np.sort(order[rank < per_row])
    pruned = sp.csr_matrix(
        (matrix.data[kept], (rows[kept], matrix.indices[kept])), shape=matrix.shape
    )
    pruned.sort_indices()
    return pruned


class Layout:
    """Column positions of themes, NPO-law fields, skills and the broad flag."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        keys = [f"t:{t.key}" for t in taxonomy.themes]
        keys += [f"f:{f.key}" for f in taxonomy.fields]
        keys += [f"s:{s.key}" for s in taxonomy.skills]
        keys.append("broad")
        self.column = {key: i for i, key in enumerate(keys)}
        self.size = len(keys)
        self.block = np.zeros(self.size, dtype=np.int8)
        for key, i in self.column.items():
            self.block[i] = {"t": 0, "f": 1, "s": 2, "b": 0}[key[0]]

    def offer_row(self, profile: Profile) -> dict[int, float]:
        """Theme, field, skill-credit and broad values of one candidate."""
        row = {self.column[f"t:{k}"]: v for k, v in profile.themes.items()}
        row |= {self.column[f"f:{k}"]: v for k, v in profile.fields.items()}
        row |= {self.column[f"s:{k}"]: v for k, v in profile.skill_credit.items()}
        if profile.broad:
            row[self.column["broad"]] = profile.broad
        return row

    def ask_row(self, request: Request) -> dict[int, float]:
        """Theme, field and normalised skill weights asked by one need."""
        row = {self.column[f"t:{k}"]: v for k, v in request.themes.items()}
        row |= {self.column[f"f:{k}"]: v for k, v in request.fields.items()}
        total = sum(request.skills.values())
        row |= {self.column[f"s:{k}"]: v / total for k, v in request.skills.items()}
        if request.themes:
            row[self.column["broad"]] = BROAD_THEME_CREDIT
        return row

    def columns(self, block: int) -> np.ndarray:
        """Columns of one block: 0 themes and broad, 1 fields, 2 skills."""
        return np.flatnonzero(self.block == block)

    def vectors(self, row: dict[int, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One dense vector per block, matching the block matrices of a candidate index."""
        dense = np.zeros(self.size, dtype=np.float32)
        for column, value in row.items():
            dense[column] = value
        return tuple(dense[self.columns(b)] for b in range(3))  # type: ignore[return-value]

    def split(self, row: dict[int, float]) -> np.ndarray:
        """Spread one row over three columns (theme, field, skill) for a single product."""
        out = np.zeros((self.size, 3), dtype=np.float32)
        for column, value in row.items():
            out[column, self.block[column]] = value
        return out

    def matrix(self, rows: Sequence[dict[int, float]]) -> sp.csr_matrix:
        """Stack rows into a CSR matrix."""
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(r) for r in rows])
        indices = np.fromiter((c for r in rows for c in r), dtype=np.int32, count=indptr[-1])
        data = np.fromiter((v for r in rows for v in r.values()), np.float32, count=indptr[-1])
        return sp.csr_matrix((data, indices, indptr), shape=(len(rows), self.size))


class Codes:
    """Bit positions of language codes, assigned as they are first seen."""

    def __init__(self) -> None:
        self.bit: dict[str, int] = {}

    def mask(self, codes: frozenset[str]) -> int:
        """Bitmask of the given codes."""
        value = 0
        for code in codes:
            if code not in self.bit and len(self.bit) < MAX_LANGUAGES:
                self.bit[code] = len(self.bit)
            if code in self.bit:
                value |= 1 << self.bit[code]
        return value


def slot_mask(slots: frozenset[str]) -> int:
    """Bitmask of availability slots."""
    return sum(SLOT_BIT[s] for s in slots if s in SLOT_BIT)


class CandidateIndex:
    """All candidates of one kind (helpers or organizations) as matrices."""

    def __init__(
        self,
        profiles: Sequence[Profile],
        layout: Layout,
        text: TextModel,
        areas: AreaTable,
        languages: Codes,
        text_rows: sp.csr_matrix | None = None,
    ) -> None:
        self.profiles = list(profiles)
        self.keys = [p.key for p in self.profiles]
        self.position = {key: i for i, key in enumerate(self.keys)}
        features = layout.matrix([layout.offer_row(p) for p in self.profiles])
        # One matrix per block, so that each query is three plain matrix-vector products.
        self.blocks = tuple(sp.csr_matrix(features[:, layout.columns(b)]) for b in range(3))
        if text_rows is None:
            text_rows = text.transform([p.text for p in self.profiles])
        self.text = keep_strongest(text_rows)
        if any(p.offers_text for p in self.profiles):
            self.offers = text.transform([p.offers_text for p in self.profiles])
        else:
            self.offers = sp.csr_matrix((len(self.profiles), text.size), dtype=np.float32)
        self.slots = np.array([slot_mask(p.slots) for p in self.profiles], dtype=np.uint8)
        self.languages = np.array(
            [languages.mask(p.languages) for p in self.profiles], dtype=np.uint64
        )
        self.area = np.array([areas.index(p.area_key) for p in self.profiles], dtype=np.int32)
        japanese = np.uint64(languages.mask(frozenset({"ja"})))
        self.foreign = ((self.languages & ~japanese) != 0).astype(np.int8)
        self.online_ok = np.array([p.online_ok for p in self.profiles], dtype=bool)
        self.active = np.array([p.active for p in self.profiles], dtype=bool)
        self.inactive_penalty = np.where(self.active, 0.0, -np.inf).astype(np.float32)

    def __len__(self) -> int:
        return len(self.keys)

    def memory_bytes(self) -> int:
        """Bytes held by the matrices and arrays (not the profiles)."""
        total = 0
        for matrix in (*self.blocks, self.text, self.offers):
            total += matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes
        arrays = (self.slots, self.languages, self.area, self.online_ok, self.active, self.foreign)
        for array in arrays:
            total += array.nbytes
        return total


class NeedIndex:
    """All needs as matrices, for ranking needs for one helper (the transposed view)."""

    def __init__(
        self,
        requests: Sequence[Request],
        layout: Layout,
        text: TextModel,
        areas: AreaTable,
        languages: Codes,
        text_rows: sp.csr_matrix | None = None,
    ) -> None:
        self.requests = list(requests)
        self.keys = [r.key for r in self.requests]
        self.position = {key: i for i, key in enumerate(self.keys)}
        self.asks = layout.matrix([layout.ask_row(r) for r in self.requests])
        if text_rows is None:
            text_rows = text.transform([r.text for r in self.requests])
        self.text = text_rows
        self.slots = np.array([slot_mask(r.slots) for r in self.requests], dtype=np.int64)
        self.languages = np.array(
            [languages.mask(r.languages) for r in self.requests], dtype=np.uint64
        )
        self.area = np.array([areas.index(r.area_key) for r in self.requests], dtype=np.int64)
        self.online = np.array([r.online for r in self.requests], dtype=bool)
        self.online_only = np.array([r.online_only for r in self.requests], dtype=bool)
        self.open = np.array([r.open for r in self.requests], dtype=bool)
        self.has_skills = np.array([bool(r.skills) for r in self.requests], dtype=bool)
        self.has_themes = np.array([bool(r.themes) for r in self.requests], dtype=bool)
        self.international = np.array(
            ["international_cooperation" in r.fields for r in self.requests], dtype=bool
        )
        self.for_helpers = np.array(
            [r.kind not in ("resource", "partnership") for r in self.requests], dtype=bool
        )
