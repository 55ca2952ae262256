"""The model's records: frozen, slotted, and pickled as the tuple of their values."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from test_related import post

from sitegen.model import Article, TagRef


def test_an_article_survives_pickling_whole_with_the_fields_made_from_others() -> None:
    article = dataclasses.replace(post("a", 3, "経営", "SEO"), digest="d1")
    again = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(again) is Article and again == article
    assert again.link == article.link and again.modified == article.modified
    assert again.tags == (TagRef("経営", "経営", "/tags/経営/"), TagRef("SEO", "seo", "/tags/SEO/"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        again.title = "changed"  # type: ignore[misc]
    assert not hasattr(again, "__dict__")
