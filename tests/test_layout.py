"""Layout analysis on boxes: the same functions serve text-layer and OCR pages."""

from __future__ import annotations

from pipeline.layout import (
    Seg,
    analyze_page,
    find_axis_debris,
    find_running,
    find_separators,
    find_tables,
    is_numeric_cell,
    segments_from_chars,
)

W, H = 595.0, 842.0


def _lines(
    text: str, x0: float, y0: float, width: float, size: float = 10.0, lead: float = 16.0, conf=None
) -> list[Seg]:
    """A paragraph of CJK text wrapped at ``width`` (one char = ``size`` points)."""
    per = int(width // size)
    out = []
    for k in range(0, len(text), per):
        chunk = text[k : k + per]
        y = y0 + (k // per) * lead
        out.append(Seg(chunk, x0, y, x0 + len(chunk) * size, y + size, conf))
    return out


P1 = "公司是国内领先的算力基础设施服务商业务覆盖数据中心建设服务器集成与云端运维新签订单同比增长四成。"
P2 = "我们预计公司收入分别增长百分之二十八和百分之二十二毛利率随规模效应逐步改善现金流好转经营杠杆释放。"
P3 = "首次覆盖给予买入评级目标价五十二港元对应二十倍市盈率风险提示下游资本开支放缓芯片供应不及预期。"


def _cover_page(conf=None) -> list[Seg]:
    segs = [Seg("示例证券研究所", 40, 20, 110, 30, conf), Seg("1/3", 540, 810, 555, 818, conf)]
    segs.append(Seg("云帆科技（1234 HK）：算力订单加速兑现", 40, 60, 360, 76, conf))
    y = 100
    for p in (P1, P2, P3):
        ps = _lines(p, 215, y, 340, conf=conf)
        segs += ps
        y = ps[-1].y1 + 20
    # sidebar: key-value rows, analyst lines, a chart axis
    for k, (a, b) in enumerate([("投资评级", "买入"), ("当前股价", "38.50港元"), ("目标价格", "52.00港元")]):
        segs += [
            Seg(a, 40, 100 + 16 * k, 76, 109 + 16 * k, conf),
            Seg(b, 185 - 9 * len(b), 100 + 16 * k, 185, 109 + 16 * k, conf),
        ]
    segs += [Seg("分析师：林海明", 40, 160, 103, 169, conf), Seg("相关研究", 40, 180, 76, 189, conf)]
    for k, lab in enumerate(["380%", "290%", "200%", "110%"]):
        segs.append(Seg(lab, 45, 220 + 22 * k, 62, 227 + 22 * k, conf))
    for k, lab in enumerate(["2021-07", "2022-01", "2022-07"]):
        segs.append(Seg(lab, 66 + 42 * k, 320, 91 + 42 * k, 327, conf))
    segs.append(Seg("[Table_EPS]", 40, 340, 90, 348, conf))
    return segs


def _text(blocks) -> list[str]:
    return [b.text for b in blocks if b.kind not in ("header", "footer", "figure")]


def test_numeric_cells():
    for t in ["12,480", "(2,483)", "18.2%", "N/A", "-", "2025E", "FY2024", "1.76x", "Net cash"]:
        assert is_numeric_cell(t), t
    for t in ["营业收入", "买入", "38.50港元"]:
        assert not is_numeric_cell(t), t


def test_segments_from_chars_split_at_gaps_and_lines():
    chars = [(c, 10 + 10 * i, 100, 20 + 10 * i, 110) for i, c in enumerate("营业收入")]
    chars += [(c, 200 + 6 * i, 100, 206 + 6 * i, 110) for i, c in enumerate("12,480")]
    chars += [("\r", 0, 0, 0, 0), ("\n", 0, 0, 0, 0)]
    chars += [(c, 10 + 6 * i, 120, 16 + 6 * i, 130) for i, c in enumerate("FY")]
    chars += [(" ", 0, 0, 0, 0)] + [(c, 25 + 6 * i, 120, 31 + 6 * i, 130) for i, c in enumerate("2024")]
    segs = segments_from_chars(chars)
    assert [s.text for s in segs] == ["营业收入", "12,480", "FY 2024"]


def test_two_column_page_with_sidebar_reads_main_then_sidebar():
    blocks = analyze_page(_cover_page(), W, H)
    texts = _text(blocks)
    assert texts[0].startswith("云帆科技")
    assert texts[1:4] == [P1, P2, P3]  # each paragraph one contiguous run, in order
    rest = "\n".join(texts[4:])
    assert "投资评级\t买入" in rest and "当前股价\t38.50港元" in rest
    assert "分析师：林海明" in rest and "相关研究" in rest
    kinds = [b.kind for b in blocks if b.text and b.kind not in ("header", "footer")]
    assert kinds[:4] == ["main"] * 4 and set(kinds[4:]) == {"sidebar"}
    # no axis labels, no template markers; the axis is a figure block
    joined = "\n".join(texts)
    assert "380%" not in joined and "2021-07" not in joined and "[Table_" not in joined
    assert any(b.kind == "figure" for b in blocks)


def test_ocr_boxes_take_the_same_path():
    blocks = analyze_page(_cover_page(conf=0.93), W, H)
    assert _text(blocks)[1:4] == [P1, P2, P3]
    main = [b for b in blocks if b.kind == "main"]
    assert all(b.confidence == 0.93 for b in main)
    assert all(c == 0.93 for b in main for _, _, c in b.row_spans)


def test_separator_between_sidebar_and_main_only():
    segs = [s for s in _cover_page() if s.y0 > 40 and s.y1 < 800 and not any(c in s.text for c in "%-[")]
    seps = find_separators([(s.x0, s.y0, s.x1, s.y1) for s in segs if s.y0 > 90], W)
    assert len(seps) == 1 and 185 < seps[0][0] < 215


def test_running_headers_and_page_numbers_dropped_across_pages():
    pages = []
    for n in (1, 2, 3):
        segs = [
            Seg("示例证券研究所", 40, 20, 110, 30),
            Seg("请务必阅读正文之后的信息披露和法律声明", 40, 808, 220, 816),
            Seg(f"{n}/3", 540, 808, 555, 816),
        ] + _lines((P1, P2, P3)[n - 1], 60, 100 + n, 470)
        pages.append((segs, W, H))
    running = find_running(pages)
    for segs, w, h in pages:
        blocks = analyze_page(segs, w, h, running)
        assert _text(blocks) == [(P1, P2, P3)[len(pages) and int(segs[2].text[0]) - 1]]
        dropped = {b.text: b.kind for b in blocks if b.kind in ("header", "footer")}
        assert dropped["示例证券研究所"] == "header"
        assert dropped["请务必阅读正文之后的信息披露和法律声明"] == "footer"


def test_unrepeated_title_near_top_is_kept():
    pages = [
        ([Seg("示例证券研究所", 40, 20, 110, 30), Seg(title, 40, 40, 120, 52)] + _lines(p, 60, 100, 470), W, H)
        for title, p in (("云帆科技深度报告", P1), ("盈利预测与估值", P2))
    ]
    running = find_running(pages)
    assert _text(analyze_page(*pages[0], running)) == ["云帆科技深度报告", P1]


def test_watermark_repeated_mid_page_dropped():
    pages = [
        ([Seg("内部资料 请勿外传", 200, 400, 400, 430)] + _lines(P1 if n else P2, 60, 100, 470), W, H)
        for n in (0, 1, 2)
    ]
    running = find_running(pages)
    assert all("内部资料" not in t for p in pages for t in _text(analyze_page(*p, running)))


def test_table_rows_become_tab_lines():
    segs = [Seg("单位：百万元", 60, 80, 120, 89)]
    cols = [300, 380, 460, 540]
    rows = [
        ("会计年度", ["2023A", "2024E", "2025E"]),
        ("营业收入", ["12,480", "15,970", "19,480"]),
        ("利润表", []),
        ("净利润", ["(2,483)", "1,350", "N/A"]),
    ]
    for k, (label, cells) in enumerate(rows):
        y = 100 + 17 * k
        segs.append(Seg(label, 60, y, 60 + 10 * len(label), y + 9))
        for x, c in zip(cols, cells, strict=False):
            segs.append(Seg(c, x - 6 * len(c), y, x, y + 9))
    tables, used = find_tables(segs)
    assert len(tables) == 1
    assert tables[0].lines == [
        "会计年度\t2023A\t2024E\t2025E",
        "营业收入\t12,480\t15,970\t19,480",
        "利润表\t\t\t",
        "净利润\t(2,483)\t1,350\tN/A",
    ]
    blocks = analyze_page(segs, W, H)
    assert [b.kind for b in blocks if b.text and b.kind not in ("header", "footer")] == ["main", "table"]


def test_axis_debris():
    segs = [Seg(t, 45, 200 + 20 * k, 62, 207 + 20 * k) for k, t in enumerate(["40%", "30%", "20%", "10%"])]
    segs.append(Seg("2021-07 2021-10 2022-01", 60, 300, 160, 307))
    segs.append(Seg("营业收入同比增长28%", 60, 400, 200, 410))
    debris = find_axis_debris(segs)
    assert len(debris) == 5 and id(segs[-1]) not in debris


def test_paragraph_breaks_on_short_line_indent_and_size():
    segs = _lines("投资要点", 60, 80, 470, size=14)
    segs += _lines(P1, 60, 110, 470)
    segs += _lines(P2, 80, segs[-1].y1 + 7, 450)  # indented first line, no extra gap
    texts = _text(analyze_page(segs, W, H))
    assert texts == ["投资要点", P1, P2]


def test_two_equal_columns_read_left_then_right():
    left = _lines(P1, 40, 100, 250) + _lines(P2, 40, 200, 250)
    right = _lines(P3, 310, 100, 250) + _lines(P1[::-1], 310, 200, 250)
    segs = [Seg("两栏正文的标题横跨整页", 40, 60, 400, 76)] + right + left  # content order scrambled
    blocks = analyze_page(segs, W, H)
    assert _text(blocks) == ["两栏正文的标题横跨整页", P1, P2, P3, P1[::-1]]
    assert {b.kind for b in blocks if b.text} == {"main"}
    assert [b.column for b in blocks if b.text][1:] == [0, 0, 1, 1]


def test_right_sidebar_goes_after_the_main_text():
    segs = _lines(P1, 40, 100, 360) + _lines(P2, 40, 160, 360)
    segs += [
        Seg("评级：买入", 440, 100, 490, 109),
        Seg("目标价：52.00港元", 440, 116, 530, 125),
        Seg("分析师：林海明", 440, 132, 503, 141),
    ]
    texts = _text(analyze_page(segs, W, H))
    assert texts[:2] == [P1, P2]
    assert texts[2:] == ["评级：买入", "目标价：52.00港元", "分析师：林海明"]


def test_wrapped_table_label_joins_its_row():
    cols = [300, 380, 460]
    segs = []
    y = 100
    rows = [
        ("会计年度", ["2023A", "2024E", "2025E"]),
        ("营业收入", ["12,480", "15,970", "19,480"]),
        ("归属于母公司所有者", ["1,020", "1,480", "1,960"]),
        ("每股收益", ["0.85", "1.23", "1.63"]),
    ]
    for label, cells in rows:
        segs.append(Seg(label, 60, y, 60 + 10 * len(label), y + 9))
        for x, c in zip(cols, cells, strict=True):
            segs.append(Seg(c, x - 6 * len(c), y, x, y + 9))
        if label.startswith("归属"):
            y += 11
            segs.append(Seg("的净利润", 60, y, 100, y + 9))
        y += 20
    tables, used = find_tables(segs)
    assert tables[0].lines[2] == "归属于母公司所有者的净利润\t1,020\t1,480\t1,960"
    assert len(tables[0].lines) == 4 and all(id(s) in used for s in segs)


def test_table_rows_at_page_edges_are_not_running_headers():
    pages = []
    for n in (1, 2):
        segs = [Seg("示例证券研究所", 40, 20, 110, 30), Seg(f"{n}/2", 540, 810, 555, 818)]
        for k, y in enumerate((770, 787, 804) if n == 1 else (40, 57, 74)):
            segs.append(Seg("YoY%" if k % 2 else "Revenue", 60, y, 100, y + 9))
            for x in (300, 380, 460):
                segs.append(Seg(f"{n}{k}{x // 100},{k}{n}0", x - 40, y, x, y + 9))
        segs += _lines((P1, P2)[n - 1], 60, 300, 470)
        pages.append((segs, W, H))
    running = find_running(pages)
    for segs, w, h in pages:
        blocks = analyze_page(segs, w, h, running)
        tables = [b for b in blocks if b.kind == "table"]
        assert len(tables) == 1 and len(tables[0].lines) == 3
        assert [b.text for b in blocks if b.kind == "header"] == ["示例证券研究所"]


def test_first_body_line_in_the_top_band_is_not_a_header():
    pages = []
    for n in (1, 2, 3):
        segs = [Seg("示例证券研究所", 40, 20, 110, 30)]
        segs += [Seg(f"第{n}页：本页正文的第一行开头相同", 60, 70, 400, 80)]  # same wording, digits aside
        segs += _lines((P1, P2, P3)[n - 1], 60, 86, 470)
        pages.append((segs, W, H))
    running = find_running(pages)
    for segs, w, h in pages:
        texts = _text(analyze_page(segs, w, h, running))
        assert texts[0].startswith("第") and "示例证券研究所" not in texts
