"""The model's records: frozen, slotted, and pickled as the tuple of their values."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from test_related import post

from sitegen.frozen import replaced
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


def test_a_replaced_record_equals_what_dataclasses_makes_and_remakes_its_derived_fields() -> None:
    article = dataclasses.replace(post("a", 3, "経営"), digest="d1")
    changes = {"title": "新しい題", "url": "/posts/b/", "html": "<p>本文</p>", "digest": "d2"}
    copy = replaced(article, **changes)
    assert copy == dataclasses.replace(article, **changes) and type(copy) is Article
    # the fields __post_init__ makes follow the new values, as with dataclasses.replace
    assert copy.link.title == "新しい題" and copy.link.url == "/posts/b/"
    assert article.title != "新しい題" and article.link.url != "/posts/b/"  # the original stays
    tag = TagRef("経営", "keiei", "/tags/keiei/")
    assert replaced(tag, slug="k") == TagRef("経営", "k", "/tags/keiei/")
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.title = "changed"  # type: ignore[misc]


def test_replaced_refuses_fields_the_record_does_not_take() -> None:
    article = post("a", 3, "経営")
    with pytest.raises(TypeError, match="titel"):
        replaced(article, titel="x")
    with pytest.raises(TypeError, match="modified"):  # made by __post_init__, not given
        replaced(article, modified=None)
