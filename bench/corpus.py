"""Write a deterministic synthetic sitegen site of N Japanese articles.

    python bench/corpus.py 10000 /tmp/corpus-10k

Articles have tags (from a pool of 40), sources with quotes, a calculator in one
article of five, headings, lists, links to other articles and about 2,500
characters of text. The same N gives the same bytes on every machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

TAGS = """
    経営 マーケティング 個人情報 コンサルタント 売上アップ 働き方 資金繰り 人材育成 営業 広報
    採用 物流 通販 小売 製造業 飲食店 補助金 税務 IT活用 DX 顧客満足 品質管理 価格戦略 ブランド
    新規事業 事業承継 海外展開 地域活性化 SNS 広告 サブスク 会員制度 コールセンター リスク管理
    法改正 決算 M&A 生産性 会議 リーダーシップ
""".split()  # noqa: SIM905 - a word list reads best as words
TAG_SLUGS = {
    "経営": "management", "マーケティング": "marketing", "個人情報": "privacy",
    "コンサルタント": "consultant", "売上アップ": "sales",
}  # fmt: skip
PUBLISHERS = [
    "東京ビジネス新聞",
    "経済ウィークリー電子版",
    "流通ジャーナル",
    "中小企業タイムズ",
    "産業日報",
]
SUBJECTS = [
    "ミナト生命",
    "さくら損保",
    "あおば銀行",
    "ひかり通販",
    "みどり食品",
    "つばさ物流",
    "かえで電機",
]
VERBS = ["発表した", "明らかにした", "方針を示した", "検討を始めた", "見直すと決めた"]
TOPICS = [
    "顧客情報の管理",
    "在宅勤務の拡大",
    "価格の改定",
    "会員制度の刷新",
    "物流網の再編",
    "採用の強化",
]
OPINIONS = [
    "信頼を守るための費用は、失ったあとの費用より小さい。",
    "数字で考えると、判断はずっと簡単になる。",
    "現場を見ずに出した答えは、たいてい現場で動かない。",
    "値下げは最も簡単で、最も危険な手段だ。",
    "小さな改善を三つ重ねると、掛け算で大きな差になる。",
    "顧客が安心できることと、仕組みが安全であることは別の問題だ。",
]


def sentence(rng: random.Random) -> str:
    subject, verb, topic = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(TOPICS)
    number = rng.randrange(2, 300) * 1000
    return f"{subject}は{topic}について、およそ{number:,}人を対象に{verb}。"


def article(index: int, count: int, rng: random.Random) -> str:
    # About one article a day from 2000 on: 10,000 articles end in 2022, all in the past.
    when = dt.datetime(2000, 1, 1) + dt.timedelta(hours=20 * index)
    year, month, day = when.year, when.month, when.day
    tags = rng.sample(TAGS, rng.randrange(1, 5))
    source_id = f"news-{index}"
    lines = [
        "---",
        f"title: 記事{index:05d} {rng.choice(SUBJECTS)}の{rng.choice(TOPICS)}を読み解く",
        f"date: {when:%Y-%m-%d %H:%M}",
        f"tags: [{', '.join(tags)}]",
        "sources:",
        f"  {source_id}:",
        f"    publisher: {rng.choice(PUBLISHERS)}",
        f"    date: {year:04d}-{month:02d}-{day:02d}",
        f"    title: {rng.choice(SUBJECTS)}、{rng.choice(TOPICS)}を{rng.choice(VERBS)}",
        f"    url: https://news.example.com/{year}/{month:02d}/{index}",
    ]
    calculator = index % 5 == 0
    if calculator:
        lines += [
            "calculators:",
            "  cost:",
            "    title: 費用を試算する",
            "    inputs:",
            f"      people: {{label: 対象者数, value: {rng.randrange(1, 200) * 1000}, unit: 人}}",
            f"      unit: {{label: 1人あたり, value: {rng.randrange(1, 50) * 100}, unit: 円}}",
            "    outputs:",
            '      total: {label: 総額, formula: "people * unit", format: yen_man}',
        ]
    lines += ["---", ""]
    body = [sentence(rng) for _ in range(3)]
    body += ["", f"> [!quote {source_id}]", f"> {sentence(rng)}", f"> {sentence(rng)}", ""]
    for heading in range(3):
        body += [f"## 論点{heading + 1}　{rng.choice(TOPICS)}", ""]
        body += [sentence(rng) for _ in range(rng.randrange(4, 9))]
        body += ["", rng.choice(OPINIONS), ""]
        body += [f"- {rng.choice(TOPICS)}を見直す" for _ in range(3)] + [""]
    if calculator:
        body += ["{{< calculator cost >}}", ""]
    if index > 0:
        body += [f"前回の[記事{index - 1:05d}](a{index - 1:05d}.md)もご覧ください。", ""]
    return "\n".join(lines + body)


def write_corpus(count: int, folder: Path) -> None:
    """Write the site; an existing ``folder`` is replaced."""
    if folder.exists():
        shutil.rmtree(folder)
    posts = folder / "content" / "posts"
    posts.mkdir(parents=True)
    slugs = "\n".join(f'"{name}" = "{slug}"' for name, slug in TAG_SLUGS.items())
    (folder / "site.toml").write_text(
        # Search is indexed separately by bench.py: Pagefind re-indexes the whole site
        # whenever a page changes, which would hide the build's own figures.
        f'title = "ベンチマーク"\nbase_url = "https://example.com/"\n[search]\nenabled = false\n'
        f"[tag_slugs]\n{slugs}\n",
        "utf-8",
    )
    (folder / "content" / "about.md").write_text(
        "---\ntitle: このサイトについて\n---\n紹介文。\n", "utf-8"
    )
    rng = random.Random(20091129)
    for index in range(count):
        (posts / f"a{index:05d}.md").write_text(article(index, count, rng), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("folder", type=Path, help="where to write the site (replaced)")
    args = parser.parse_args()
    write_corpus(args.count, args.folder)
    print(f"wrote {args.count} articles to {args.folder}")


if __name__ == "__main__":
    main()
