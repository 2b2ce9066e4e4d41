"""The one catalog of user-visible strings, in English and Simplified Chinese.

`t(key, lang, **values)` looks a string up and fills its {placeholders}. Data labels (metric, area,
city and source names) live in the data tables as `*_en` / `*_zh` columns; `pick(row, field, lang)`
reads them. A test fails if any key lacks either language or their placeholders differ.
"""

from __future__ import annotations

LANGS = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "简体中文"}

CATALOG: dict[str, dict[str, str]] = {
    # Punctuation, and how a phrase is put together in each language
    "html.lang": {"en": "en", "zh": "zh-Hans"},  # the language tag of a page we write (the PDF brief)
    "punct.comma": {"en": ", ", "zh": "，"},
    "punct.colon": {"en": ": ", "zh": "："},
    "punct.semicolon": {"en": "; ", "zh": "；"},
    "punct.enumeration": {"en": ", ", "zh": "、"},
    "fmt.aside": {"en": "{text} ({aside})", "zh": "{text}（{aside}）"},
    "fmt.sentence": {"en": "{text}.", "zh": "{text}。"},
    "fmt.labelled": {"en": "{label}: {text}", "zh": "{label}：{text}"},
    # App and navigation
    "app.title": {"en": "China Data Market Monitor", "zh": "中国数据要素市场监测"},
    "app.tagline": {
        "en": "Reported figures on China's data-element market, from government bodies, state media and the press, each traced to its source.",
        "zh": "中国数据要素市场公开报道数据，来自政府部门、官方媒体及其他媒体，逐条注明出处。",
    },
    "nav.section.overview": {"en": "Overview", "zh": "概览"},
    "nav.section.priorities": {"en": "2026 priorities", "zh": "2026年重点任务"},
    "nav.section.cross_cutting": {"en": "Cross-cutting", "zh": "贯穿性议题"},
    "nav.section.explore": {"en": "Explore", "zh": "探索"},
    "nav.section.about": {"en": "About", "zh": "关于"},
    "nav.overview": {"en": "Overview", "zh": "总览"},
    "nav.digital_china": {"en": "1 · Digital China plan", "zh": "1 · 数字中国建设规划"},
    "nav.data_market": {"en": "2 · Unified data market", "zh": "2 · 全国一体化数据市场"},
    "nav.industry_clusters": {"en": "3 · Digital industry clusters", "zh": "3 · 数字产业集群"},
    "nav.data_element_x": {"en": "4 · “Data Element ×”", "zh": "4 · “数据要素×”"},
    "nav.data_infrastructure": {"en": "5 · Data infrastructure", "zh": "5 · 国家数据基础设施"},
    "nav.data_system": {"en": "6 · Data system & rights", "zh": "6 · 数据基础制度与产权"},
    "nav.ai_datasets": {"en": "7 · High-quality datasets for AI", "zh": "7 · 人工智能高质量数据集"},
    "nav.international": {"en": "8 · International cooperation", "zh": "8 · 国际合作与跨境流动"},
    "nav.data_security": {"en": "Data security", "zh": "数据安全"},
    "nav.explorer": {"en": "Data explorer", "zh": "数据浏览器"},
    "nav.timeline": {"en": "Timeline", "zh": "大事记"},
    "nav.sources": {"en": "Sources and methods", "zh": "来源与方法"},
    "nav.help.overview": {
        "en": "Headline figures, what changed, and how the reported figures spread across the priorities.",
        "zh": "核心数据、最新变化以及各重点任务的数据分布。",
    },
    "nav.help.area": {
        "en": "What this priority is, its reported figures as charts, its events and its sources.",
        "zh": "该重点任务的内容、已公布数据图表、大事记和来源。",
    },
    "nav.help.explorer": {
        "en": "Filter every figure and download exactly what you filtered as CSV, Parquet or a zip bundle.",
        "zh": "筛选全部数据，并按筛选结果下载CSV、Parquet或压缩包。",
    },
    "nav.help.timeline": {
        "en": "Every dated event in the sources, on one timeline.",
        "zh": "来源中所有注明日期的事件。",
    },
    "nav.help.sources": {
        "en": "Every source with its publisher, date and grade; how figures are curated; known conflicts.",
        "zh": "全部来源及其发布者、日期和可信度；数据整理方法；已知冲突。",
    },
    # Sidebar and modes
    "sidebar.present": {"en": "Presentation mode", "zh": "演示模式"},
    "sidebar.present_help": {
        "en": "Large type, no sidebar, Next and Previous controls; arrow keys and PageUp/PageDown move between pages.",
        "zh": "大字号、隐藏侧栏，提供上一页/下一页按钮；方向键和PageUp/PageDown可翻页。",
    },
    "sidebar.version": {"en": "Dataset version {version} of {date}", "zh": "数据版本 {version}（{date}）"},
    "sidebar.licence": {"en": "Licence: {licence}", "zh": "许可：{licence}"},
    "notice.data_updated": {
        "en": "Data updated to version {version}; reload the page for the new figures.",
        "zh": "数据已更新至{version}版；请刷新页面查看最新数据。",
    },
    "methods.refresh_rejected": {
        "en": "A newer dataset version ({version}) was found but is not served, because {file} {problem}. This page still shows version {served}. Publish or build the new version again.",
        "zh": "发现较新的数据版本（{version}），但未启用：{file} {problem}。本页仍显示{served}版。请重新发布或构建新版本。",
    },
    "methods.store_unreachable": {
        "en": "The data location cannot be reached at the moment ({file} {problem}); the dashboard keeps serving version {served} and keeps trying.",
        "zh": "暂时无法访问数据存储位置（{file} {problem}）；看板继续提供{served}版数据，并持续重试。",
    },
    "notice.bad_lang": {
        "en": "The URL asked for language “{value}”, which is not available, so the page is in English. Use lang=en or lang=zh.",
        "zh": "网址中的语言“{value}”不可用，页面以中文显示。请使用 lang=en 或 lang=zh。",
    },
    "notice.bad_present": {
        "en": "The URL parameter present=“{value}” is not understood; use present=1 for presentation mode.",
        "zh": "无法识别网址参数 present=“{value}”；演示模式请使用 present=1。",
    },
    "present.next": {"en": "Next", "zh": "下一页"},
    "present.previous": {"en": "Previous", "zh": "上一页"},
    "present.exit": {"en": "Exit presentation", "zh": "退出演示"},
    "present.counter": {"en": "{current} / {total}", "zh": "{current} / {total}"},
    "present.list": {"en": "Slides", "zh": "幻灯片列表"},
    "present.cards": {"en": "Figures", "zh": "数据"},
    "notice.bad_slide": {
        "en": "There is no slide “{value}”: the deck has slides 1 to {total}. Showing this page's first slide.",
        "zh": "没有第“{value}”张幻灯片：共有第1至{total}张。现显示本页的第一张。",
    },
    # Data errors
    "error.data_title": {"en": "This page cannot show its data", "zh": "本页数据无法显示"},
    "error.data_body": {
        "en": "{message} Other pages that do not need this file keep working.",
        "zh": "{message} 不需要该文件的其他页面仍可正常使用。",
    },
    "error.unexpected": {
        "en": "Something went wrong while drawing this part of the page. The rest of the page is unaffected.",
        "zh": "本部分页面显示出错，页面其余部分不受影响。",
    },
    # Overview
    "overview.title": {"en": "China's data-element market at a glance", "zh": "中国数据要素市场概览"},
    "overview.lead": {
        "en": "2026 is the “Year of Data Value Release”. These are the figures that government bodies, state media and the press have reported, with the date each describes, who reported it and how far to trust the source.",
        "zh": "2026年是“数据价值释放年”。以下为政府部门、官方媒体及其他媒体报道的数据，均注明所描述的时间、发布者和来源可信度。",
    },
    "overview.headline": {"en": "Headline figures", "zh": "核心数据"},
    "overview.trends": {"en": "Trends in the headline figures", "zh": "核心数据走势"},
    "overview.changed": {"en": "What changed", "zh": "最新变化"},
    "overview.changed_item": {
        "en": "{metric}: {value} ({as_of}), reported by {publisher} on {published}",
        "zh": "{metric}：{value}（{as_of}），{publisher}于{published}发布",
    },
    "overview.changed_prev": {"en": "previous report {value} ({as_of})", "zh": "上次报告为{value}（{as_of}）"},
    "overview.priorities": {"en": "The eight priorities for 2026", "zh": "2026年八项重点任务"},
    # KPI cards
    "kpi.as_of": {"en": "As of {date}", "zh": "截至{date}"},
    "kpi.in_conflict": {"en": "other reports disagree", "zh": "其他报道说法不同"},
    "kpi.status": {"en": "{status} for {date}", "zh": "{date}{status}"},
    "kpi.source": {"en": "{publisher}, {date}", "zh": "{publisher}，{date}"},
    "kpi.previous": {"en": "from {value} ({date})", "zh": "此前{value}（{date}）"},
    "kpi.unchanged": {"en": "unchanged since {date}", "zh": "与{date}持平"},
    "kpi.change_pct.up": {"en": "+{pct}% since {date}", "zh": "较{date}+{pct}%"},
    "kpi.change_pct.down": {"en": "−{pct}% since {date}", "zh": "较{date}−{pct}%"},
    "kpi.change_points.up": {"en": "+{n} pts since {date}", "zh": "较{date}+{n}个百分点"},
    "kpi.change_points.down": {"en": "−{n} pts since {date}", "zh": "较{date}−{n}个百分点"},
    "kpi.span": {"en": "{first} – {last}", "zh": "{first}至{last}"},
    "kpi.flag.conflict": {"en": "⚠ disputed", "zh": "⚠ 存在分歧"},
    "kpi.flag.low": {"en": "⚠ low reliability", "zh": "⚠ 可信度低"},
    "kpi.previous_date": {"en": " (previous report: {date})", "zh": "（上次报告：{date}）"},
    "kpi.no_previous": {"en": "first report", "zh": "首次报告"},
    "kpi.low_grade": {"en": "Low-reliability source", "zh": "来源可信度低"},
    "kpi.later_low": {
        "en": "A later report from a low-reliability source gives {value} ({date}).",
        "zh": "一份可信度低的后续报道称{value}（{date}）。",
    },
    "kpi.help": {
        "en": "“{evidence}” — {publisher}, {date}. Grade: {grade}.",
        "zh": "“{evidence}”——{publisher}，{date}。可信度：{grade}。",
    },
    "kpi.help_derived": {"en": "Derived by us: {formula}.", "zh": "本站推算：{formula}。"},
    # Charts
    "chart.source": {"en": "Source", "zh": "来源"},
    "chart.sources": {"en": "Sources", "zh": "来源"},
    "chart.footer_site": {"en": "China Data Market Monitor · CC BY 4.0", "zh": "中国数据要素市场监测 · CC BY 4.0"},
    "chart.many_sources": {"en": "{n} documents (see Sources and methods)", "zh": "{n}份文件（见“来源与方法”）"},
    "chart.derived_by_us": {"en": "derived by us", "zh": "本站推算"},
    "chart.low_marker": {"en": "low-reliability source", "zh": "来源可信度低"},
    "chart.legend.exact": {"en": "Reported value", "zh": "公布值"},
    "chart.legend.lower": {"en": "Lower bound (“more than”)", "zh": "下限（“超过”）"},
    "chart.legend.upper": {"en": "Upper bound (“under”)", "zh": "上限（“不足”）"},
    "chart.legend.nearly": {"en": "Just under (“nearly”)", "zh": "略低于（“近”）"},
    "chart.legend.indicative": {"en": "Indicative only (derived from bounds)", "zh": "仅供参考（由上下限推算）"},
    "chart.legend.about": {"en": "Approximate (“about”)", "zh": "约数（“约”）"},
    "chart.legend.target": {"en": "Target, forecast or estimate", "zh": "目标、预测或估计"},
    "chart.legend.low": {"en": "Low-reliability source", "zh": "来源可信度低"},
    "chart.legend.derived": {"en": "Derived by us", "zh": "本站推算"},
    "chart.legend.conflict": {"en": "In conflict with another report", "zh": "与其他报道冲突"},
    "chart.hover.value": {"en": "Value", "zh": "数值"},
    "chart.hover.as_of": {"en": "As of", "zh": "截至"},
    "chart.hover.period": {"en": "Period", "zh": "时段"},
    "chart.hover.source": {"en": "Source", "zh": "来源"},
    "chart.hover.grade": {"en": "Reliability", "zh": "可信度"},
    "chart.hover.evidence": {"en": "Evidence", "zh": "原文"},
    "chart.hover.formula": {"en": "Formula", "zh": "公式"},
    "chart.hover.status": {"en": "Status", "zh": "性质"},
    "chart.hover.conflict": {"en": "Conflict", "zh": "冲突"},
    "chart.hover.note": {"en": "Note", "zh": "说明"},
    "chart.axis.report_date": {"en": "Date the figure describes", "zh": "数据所指时间"},
    "chart.axis.count": {"en": "Number", "zh": "数量"},
    "chart.axis.year": {"en": "Year", "zh": "年份"},
    "chart.axis.date": {"en": "Date", "zh": "日期"},
    "chart.data": {"en": "Data behind this chart", "zh": "图表数据"},
    "chart.download": {"en": "Download these {n} rows (CSV)", "zh": "下载这{n}行（CSV）"},
    "chart.summary": {"en": "Summary", "zh": "摘要"},
    "chart.export_hint": {
        "en": "Use the camera icon on the chart to save it as a PNG; the source line is part of the image.",
        "zh": "点击图表上的相机图标可保存为PNG图片，来源说明包含在图片中。",
    },
    "event_kind.meeting": {"en": "Meeting", "zh": "会议"},
    "event_kind.publication": {"en": "Publication", "zh": "发布"},
    "event_kind.press_conference": {"en": "Press conference", "zh": "新闻发布会"},
    "event_kind.policy": {"en": "Policy", "zh": "政策"},
    "event_kind.launch": {"en": "Launch", "zh": "启动"},
    "event_kind.appointment": {"en": "Appointment", "zh": "任命"},
    "event_kind.contest": {"en": "Contest", "zh": "大赛"},
    "export.all_png": {"en": "Download this page's charts (PNG, zip)", "zh": "下载本页全部图表（PNG，压缩包）"},
    "export.all_png_help": {
        "en": "Rendered on the server at twice the screen size, each with its source line; the first export takes a few seconds.",
        "zh": "在服务器端按屏幕尺寸的两倍渲染，每张图都带来源说明；首次导出需要几秒钟。",
    },
    "grade.high": {"en": "high", "zh": "高"},
    "grade.medium": {"en": "medium", "zh": "中"},
    "grade.low": {"en": "low", "zh": "低"},
    "status.actual": {"en": "Actual", "zh": "实际值"},
    "status.target": {"en": "Target", "zh": "目标"},
    "status.forecast": {"en": "Forecast", "zh": "预测"},
    "status.estimate": {"en": "Estimate", "zh": "估计"},
    "kind.reported": {"en": "reported", "zh": "公布"},
    "kind.derived": {"en": "derived", "zh": "推算"},
    "zh_origin.original": {"en": "Chinese original", "zh": "中文原文"},
    "zh_origin.translation": {"en": "our translation", "zh": "本站译"},
    "qualifier.exact": {"en": "exact", "zh": "确数"},
    "qualifier.more_than": {"en": "more than", "zh": "超过"},
    "qualifier.at_least": {"en": "at least", "zh": "至少"},
    "qualifier.about": {"en": "about", "zh": "约"},
    "qualifier.nearly": {"en": "nearly", "zh": "近"},
    "qualifier.less_than": {"en": "less than", "zh": "不足"},
    "qualifier.indicative": {"en": "indicative", "zh": "示意"},
    "qualifier.at_most": {"en": "at most", "zh": "至多"},
    # Specific chart titles (each states its finding)
    "title.series": {"en": "{metric}: {latest} as of {date}", "zh": "{metric}：截至{date}为{latest}"},
    "kpi.single_source": {"en": "single source", "zh": "仅一个来源"},
    "kpi.stale": {
        "en": "possibly outdated: this priority has figures up to {date}",
        "zh": "可能已过时：本领域已有截至{date}的数据",
    },
    "overview.currency": {
        "en": "{n} reported figures from {sources} sources. The newest figures describe {date}; the newest source is {publisher}, {published}.",
        "zh": "共{n}条公布数据，来自{sources}个来源。最新数据截至{date}；最新来源为{publisher}（{published}）。",
    },
    "chart.by_place_summary": {
        "en": "Of {n} places, {top} reports the most ({top_value}) and {bottom} the least ({bottom_value}); the latest reports date from {years}, so compare years with care.",
        "zh": "{n}个地区中，{top}最高（{top_value}），{bottom}最低（{bottom_value}）；各地最新数据年份为{years}，比较时请注意年份不同。",
    },
    "title.by_place": {
        "en": "{metric}: the latest report for each of {n} places",
        "zh": "{metric}：{n}个地区各自的最新数据",
    },
    "title.province_map": {
        "en": "{metric}: the latest report for each of {n} provinces",
        "zh": "{metric}：{n}个省份各自的最新数据",
    },
    "title.by_place_top": {
        "en": "{metric}: the {shown} largest of the latest reports for {n} places",
        "zh": "{metric}：{n}个地区最新数据中最大的{shown}个",
    },
    "chart.window": {
        "en": "The chart draws the latest {n} of {total} reports (from {date}); its table holds every one.",
        "zh": "图中为最近的{n}条报告（{date}起），共{total}条，全部见数据表。",
    },
    "title.series_year": {"en": "{metric}: {latest} in {date}", "zh": "{metric}：{date}为{latest}"},
    "title.hqds_count": {
        "en": "High-quality datasets: 100,000+ by end-2025, up from 35,000+ at mid-year",
        "zh": "高质量数据集：2025年底超过10万个，年中为3.5万个以上",
    },
    "title.hqds_volume": {
        "en": "Dataset volume passed 890 PB by end-2025, from 400+ PB at mid-year",
        "zh": "数据集总量2025年底超过890PB，年中为400PB以上",
    },
    "title.nlc": {
        "en": "Dataset volume equals about 310 times the National Library's digital resources",
        "zh": "数据集总量约相当于国家图书馆数字资源的310倍",
    },
    "title.units": {
        "en": "72 leading units, 140 pilot units and 104 exemplary cases selected",
        "zh": "遴选72家牵头单位、140家试点单位和104个典型案例",
    },
    "title.tokens": {
        "en": "Daily AI token use rose from 0.1 to more than 140 trillion in about two years",
        "zh": "日均AI Token消耗量约两年间从0.1万亿增至超过140万亿",
    },
    "title.token_conflict": {
        "en": "Token growth since early 2024: “more than tenfold” in one report, more than 1,000-fold in others",
        "zh": "2024年初以来Token增长：一份报道称“超过十倍”，其他报道称超过1000倍",
    },
    "title.cities_map": {
        "en": "{n} cities pilot national data annotation bases; {figure} selected as outstanding",
        "zh": "{n}个城市试点建设国家数据标注基地，遴选{figure}优秀案例",
    },
    "title.cities_map.bare": {
        "en": "{n} cities pilot national data annotation bases",
        "zh": "{n}个城市试点建设国家数据标注基地",
    },
    "title.process_control": {
        "en": "68.6% of key processes in major industries were digitally controlled by end-2025",
        "zh": "2025年底重点行业关键工序数控化率达68.6%",
    },
    "title.timeline": {"en": "Dated events: {n} in the sources", "zh": "大事记：来源中共{n}件"},
    "title.area_timeline": {"en": "Dated events for this priority: {n}", "zh": "该重点任务大事记：{n}件"},
    "title.timeline_part": {"en": " (part {part} of {parts})", "zh": "（第{part}部分，共{parts}部分）"},
    "title.figures_per_area": {
        "en": "{n} reported figures across the priorities; {top} has the most ({top_n})",
        "zh": "各重点任务共{n}条公布数据，{top}最多（{top_n}条）",
    },
    "chart.figures_per_area_summary": {
        "en": "{n} reported figures on the priorities; {top} has the most ({top_n})",
        "zh": "各重点任务共有{n}条公布数据，其中{top}最多（{top_n}条）",
    },
    "title.conflict_pair": {"en": "{topic}: the sources disagree", "zh": "{topic}：各来源说法不一"},
    "chart.map.cities": {"en": "Annotation pilot city", "zh": "数据标注试点城市"},
    "chart.figures_per_area_none": {"en": "none yet for {names}", "zh": "{names}尚无数据"},
    "chart.reliability_summary": {
        "en": "Of {n} reported figures, {low} come from low-reliability sources and are marked wherever they appear.",
        "zh": "{n}条公布数据中，{low}条来自可信度低的来源，并在图表中标出。",
    },
    "chart.summary.single": {
        "en": "{name}: {value} as of {when} ({who}).",
        "zh": "{name}：截至{when}为{value}（{who}）。",
    },
    "chart.summary.series": {
        "en": "{name} went from {first} ({first_when}) to {last} ({last_when}, {who}){growth}.",
        "zh": "{name}从{first_when}的{first}变为{last_when}的{last}（{who}）{growth}。",
    },
    "chart.summary.planned": {
        "en": "{name}: no actual figure yet; {status}: {value} for {when} ({who}).",
        "zh": "{name}：尚无实际值；{status}：{when}{value}（{who}）。",
    },
    "chart.summary.weak": {"en": ", a low-reliability source", "zh": "，可信度低的来源"},
    "chart.summary.weak_all": {"en": "; low-reliability sources only", "zh": "；均来自可信度低的来源"},
    "chart.summary.more": {
        "en": "The chart draws {n} more indicators; their figures are in its table.",
        "zh": "图中另有{n}项指标，其数据见数据表。",
    },
    "chart.growth.joiner": {"en": ": ", "zh": "，"},
    "chart.growth.about": {"en": "about ", "zh": "约"},
    "chart.growth.points_up": {"en": "up {n} percentage points", "zh": "上升{n}个百分点"},
    "chart.growth.points_down": {"en": "down {n} percentage points", "zh": "下降{n}个百分点"},
    "chart.growth.multiple": {
        "en": "{times} times as much, {rate}% a year",
        "zh": "为原来的{times}倍，年均增长{rate}%",
    },
    "chart.growth.yearly_up": {"en": "up {pct}% a year", "zh": "年均增长{pct}%"},
    "chart.growth.yearly_down": {"en": "down {pct}% a year", "zh": "年均下降{pct}%"},
    "chart.growth.up": {"en": "up {pct}%", "zh": "增长{pct}%"},
    "chart.growth.down": {"en": "down {pct}%", "zh": "下降{pct}%"},
    "chart.summary.events": {
        "en": "{n} events, from {first_when} ({first}) to {last_when} ({last}).",
        "zh": "{n}件大事，从{first_when}（{first}）到{last_when}（{last}）。",
    },
    "chart.map.summary": {"en": "{role} ({n}): {names}.", "zh": "{role}（{n}个）：{names}。"},
    "chart.map.key_entry": {"en": "{n} {name}", "zh": "{n} {name}"},
    "chart.map.colour_unit": {"en": "{unit}, latest of {dates}", "zh": "{unit}，{dates}最新数据"},
    "chart.map.role.annotation_pilot_city": {"en": "Annotation pilot city", "zh": "数据标注试点城市"},
    "chart.map.role.annotation_base": {"en": "Annotation base", "zh": "数据标注基地"},
    "chart.map.role.meeting_venue": {"en": "Meeting venue", "zh": "会议地点"},
    "chart.map.role.summit_venue": {"en": "Summit venue", "zh": "峰会地点"},
    "chart.map.role.data_flow_node": {"en": "Data-flow node city", "zh": "数据流通节点城市"},
    "chart.map.role.pilot_zone": {"en": "Data-element pilot zone", "zh": "数据要素试验区"},
    "chart.map.role.data_exchange": {"en": "Data exchange", "zh": "数据交易机构"},
    "chart.map.role.province": {"en": "Province (capital shown)", "zh": "省份（标注省会）"},
    "chart.map.role.computing_hub": {"en": "National computing hub or cluster", "zh": "国家算力枢纽节点或集群"},
    "title.hubs_map": {
        "en": "National computing hubs and clusters, and data-flow node cities",
        "zh": "国家算力枢纽节点、数据中心集群与数据流通节点城市",
    },
    "chart.map.hubs_note": {
        "en": "Places named by the sources; each marker links to the words that name it (hover).",
        "zh": "来源中提到的地点；悬停可查看原文。",
    },
    "title.exchanges_map": {
        "en": "Data exchanges and pilot zones named in the reports",
        "zh": "报道中提到的数据交易机构与试验区",
    },
    "chart.map.cases_note": {
        "en": "Outstanding annotation cases selected nationally: {figure} (not broken down by city).",
        "zh": "全国共遴选{figure}优秀标注案例（未按城市细分）。",
    },
    "chart.map.cases_note.bare": {
        "en": "Cities named by the sources; each marker links to the words that name it (hover).",
        "zh": "来源中提到的城市；悬停可查看原文。",
    },
    "chart.map.venue": {"en": "Meeting venue", "zh": "会议地点"},
    "chart.process.remaining": {"en": "Not yet under digital control", "zh": "尚未数控化"},
    "chart.process.context": {
        "en": "MIIT links it to “two-in-one” integration, the Industrial Internet programme and 5G in factories.",
        "zh": "工信部将其与两化融合、工业互联网创新发展工程和“5G+工业互联网”相联系。",
    },
    "chart.figures_count": {"en": "Reported figures", "zh": "公布数据条数"},
    "chart.log_note": {
        "en": "Logarithmic scale: each gridline is ten times the one below.",
        "zh": "对数刻度：每条网格线是下一条的十倍。",
    },
    "chart.nlc.implied": {
        "en": "implied National Library resources ≈ {value}",
        "zh": "推算国家图书馆数字资源约{value}",
    },
    # Priority pages
    "area.what": {"en": "What this priority is", "zh": "任务内容"},
    "area.as_worded": {"en": "As the meeting summary words it", "zh": "会议摘要原文"},
    "area.no_figures": {
        "en": "The sources report no figures here yet. What follows is the policy content and any dated events.",
        "zh": "来源文件尚未公布这方面的数据。以下为政策内容及相关大事。",
    },
    "area.compliance": {"en": "What the compliance briefing says", "zh": "合规解读要点"},
    "area.conflicts": {"en": "Where the sources disagree", "zh": "来源间的分歧"},
    "area.sources": {"en": "Sources for this page", "zh": "本页来源"},
    "area.actions": {"en": "The six specialized actions", "zh": "六项专项行动"},
    "area.actions_lead": {
        "en": "The meeting summary and the figures article list the same six actions in a different order and wording (quoted as published, in English).",
        "zh": "会议摘要与数据文章列出的六项行动相同，但顺序和措辞不同。两者原文均为英文，此处为本站译文。",
    },
    "area.action_col": {"en": "Action", "zh": "行动"},
    "area.order_000": {"en": "Meeting summary (order, wording)", "zh": "会议摘要（顺序、措辞）"},
    "area.order_004": {"en": "Figures article (order, wording)", "zh": "数据文章（顺序、措辞）"},
    "area.entities": {"en": "Institutions and frameworks", "zh": "机构与框架"},
    "area.heading.tokens": {"en": "AI token use: the demand for data", "zh": "AI Token使用量：数据需求"},
    "area.heading.annotation": {
        "en": "Data annotation: pilot cities, bases and cases",
        "zh": "数据标注：试点城市、基地与案例",
    },
    "area.heading.value": {"en": "Listing and trading datasets", "zh": "数据集挂牌与交易"},
    "area.heading.plan": {"en": "The plan: actions, fields and sectors", "zh": "工作部署：行动、领域与行业"},
    "area.more_metrics": {
        "en": "{n} more indicators of this priority are not drawn on this page; every figure of "
        "the priority is in the data explorer.",
        "zh": "本页未展示该重点任务的另外{n}项指标；该重点任务的全部数据见数据浏览器。",
    },
    "area.more_link": {
        "en": "This priority's figures in the data explorer",
        "zh": "在数据浏览器中查看该重点任务的数据",
    },
    "area.more_figures": {"en": "Other figures", "zh": "其他数据"},
    "section.index": {"en": "On this page", "zh": "本页内容"},
    "section.index_help": {
        "en": "Open one part of the page; the address bar keeps it (?section=…), so the link reopens this view.",
        "zh": "打开页面的一部分；网址会记录所选部分（?section=…），链接可重新打开同一视图。",
    },
    "section.lead": {"en": "Headline figures", "zh": "核心数据"},
    "section.series": {"en": "More series and figures", "zh": "更多序列与数据"},
    "section.figures": {"en": "Figures over time and by place", "zh": "历年数据与分地区数据"},
    "section.events": {"en": "Events", "zh": "大事记"},
    "section.notes": {"en": "Disputes, notes and sources", "zh": "分歧、说明与来源"},
    "section.index.lead": {"en": "Headline figures", "zh": "核心数据"},
    "section.index.tokens": {"en": "Token use", "zh": "Token使用量"},
    "section.index.annotation": {"en": "Data annotation", "zh": "数据标注"},
    "section.index.value": {"en": "Listing and trading", "zh": "挂牌与交易"},
    "section.index.plan": {"en": "The plan", "zh": "工作部署"},
    "section.index.series": {"en": "More figures", "zh": "更多数据"},
    "section.index.figures": {"en": "Figures", "zh": "数据"},
    "section.index.events": {"en": "Events", "zh": "大事记"},
    "section.index.notes": {"en": "Disputes and sources", "zh": "分歧与来源"},
    "notice.bad_section": {
        "en": "This page has no section “{value}”, so it opens at its first section. Sections: {ids}.",
        "zh": "本页没有“{value}”部分，已打开第一部分。可用部分：{ids}。",
    },
    "area.child_of": {"en": "Part of: {parent}", "zh": "所属：{parent}"},
    # Explorer
    "explorer.title": {"en": "Data explorer", "zh": "数据浏览器"},
    "explorer.lead": {
        "en": "Filter every reported figure and take exactly what you filtered: the URL reopens this view, and each download carries the source, date, qualifier and evidence of every row.",
        "zh": "筛选全部公布数据，并下载筛选结果：网址可重现当前视图，每个下载文件的每一行都带有来源、日期、限定词和原文。",
    },
    "explorer.notice": {
        "en": "The URL parameter {param}=“{value}” was ignored: {reason}.",
        "zh": "已忽略网址参数 {param}=“{value}”：{reason}。",
    },
    "explorer.notice_more": {
        "en": "{n} more values in the URL were ignored as well (only the first are listed).",
        "zh": "网址中另有{n}个值也已忽略（只列出前几个）。",
    },
    "explorer.reason.too_long": {
        "en": "longer than {limit} characters, so it was shortened",
        "zh": "超过{limit}个字符，已截短",
    },
    "explorer.reason.unknown_id": {"en": "no such id", "zh": "没有这个编号"},
    "explorer.reason.not_date": {"en": "not a date; write YYYY-MM-DD", "zh": "不是日期，请写成YYYY-MM-DD"},
    "explorer.reason.out_of_range": {
        "en": "outside the dates the explorer covers (2000-01-01 to 2100-12-31)",
        "zh": "超出数据浏览器的日期范围（2000-01-01至2100-12-31）",
    },
    "explorer.reason.before_from": {"en": "it is before the start date", "zh": "早于起始日期"},
    "explorer.reason.bad_kind": {"en": "use reported or derived", "zh": "请使用 reported 或 derived"},
    "explorer.reason.repeated": {
        "en": "it was given more than once; give it once, with comma-separated values",
        "zh": "该参数出现了不止一次；请只写一次，多个值用英文逗号分隔",
    },
    "explorer.suggest": {"en": "{reason} (did you mean {suggestion}?)", "zh": "{reason}（是否是指 {suggestion}？）"},
    "explorer.q": {
        "en": "Search metric names, evidence and notes (English or Chinese)",
        "zh": "搜索指标名称、原文和说明（中英文均可）",
    },
    "explorer.q_placeholder": {"en": "e.g. annotation, tokens, 数据集", "zh": "例如：标注、Token、datasets"},
    "explorer.area": {"en": "Priority or action", "zh": "重点任务或行动"},
    "explorer.source": {"en": "Source", "zh": "来源"},
    "explorer.qualifier": {"en": "Qualifier", "zh": "限定词"},
    "explorer.from": {"en": "As of, from", "zh": "数据时间自"},
    "explorer.to": {"en": "As of, to", "zh": "数据时间至"},
    "explorer.kind": {"en": "Kind", "zh": "类型"},
    "explorer.any": {"en": "Any", "zh": "不限"},
    "common.page_rows": {"en": "Rows {first}–{last} of {n}.", "zh": "第{first}–{last}行，共{n}行。"},
    "explorer.page": {"en": "Page (of {pages})", "zh": "页码（共{pages}页）"},
    "explorer.page_rows": {
        "en": "Rows {first}–{last} of {n}; every download holds all {n}.",
        "zh": "第{first}–{last}行，共{n}行；下载文件包含全部{n}行。",
    },
    "explorer.count": {"en": "{n} of {total} figures", "zh": "共{total}条数据，筛选出{n}条"},
    "explorer.table_alt": {"en": "Filtered figures with their sources", "zh": "筛选出的数据及其来源"},
    "explorer.col.metric": {"en": "Metric", "zh": "指标"},
    "explorer.col.figure": {"en": "Figure", "zh": "数据"},
    "explorer.col.figure_help": {
        "en": "The value with its qualifier and unit; ⚠ marks a low-reliability source.",
        "zh": "带限定词和单位的数值；⚠表示来源可信度低。",
    },
    "explorer.col.value": {"en": "Value", "zh": "数值"},
    "explorer.col.value_help": {
        "en": "The number as stated, in the metric's unit; read it with the qualifier.",
        "zh": "原文所述数值（指标单位）；请结合限定词理解。",
    },
    "explorer.col.qualifier": {"en": "Qualifier", "zh": "限定词"},
    "explorer.col.as_of": {"en": "As of", "zh": "数据时间"},
    "explorer.col.status": {"en": "Status", "zh": "性质"},
    "explorer.col.source": {"en": "Source", "zh": "来源"},
    "explorer.col.published": {"en": "Published", "zh": "发布日期"},
    "explorer.col.grade": {"en": "Reliability", "zh": "可信度"},
    "explorer.col.evidence": {"en": "Evidence (verbatim)", "zh": "原文（逐字）"},
    "explorer.col.link": {"en": "Link", "zh": "链接"},
    "explorer.download": {"en": "Download", "zh": "下载"},
    "explorer.download_filtered": {"en": "Download CSV ({n} rows)", "zh": "下载CSV（{n}行）"},
    "explorer.download_full": {"en": "Download full data CSV ({n} rows)", "zh": "下载全部数据CSV（{n}行）"},
    "explorer.download_parquet": {"en": "Parquet ({n} rows)", "zh": "Parquet（{n}行）"},
    "explorer.download_zip": {"en": "Zip bundle with metadata ({n} rows)", "zh": "含元数据的压缩包（{n}行）"},
    "explorer.evidence_note": {
        "en": "Evidence is quoted exactly as printed: some republishing sites insert pinyin inside Chinese characters, and it is kept.",
        "zh": "原文按刊印原样引用：部分转载网站在汉字中插入了拼音，予以保留。",
    },
    "methods.q_label": {"en": "In words", "zh": "含义简称"},
    "explorer.download_note": {
        "en": "CSV files are UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly; dates are ISO 8601 and values plain numbers. Dataset version {version} of {date}, licence {licence}; see datasets/CHANGELOG.md.",
        "zh": "CSV文件为带BOM的UTF-8编码，Excel可正确显示中文；日期为ISO 8601格式，数值为纯数字。数据版本{version}（{date}），许可{licence}；详见datasets/CHANGELOG.md。",
    },
    "explorer.cite": {"en": "Cite this", "zh": "引用"},
    "explorer.cite_lead": {
        "en": "A citation for this view, with the link that reopens it:",
        "zh": "当前视图的引用格式（含可重现视图的链接）：",
    },
    "explorer.cite_sources": {
        "en": "Cite the original source of each figure too: every row names it, and the Sources and methods page gives a citation for each source.",
        "zh": "同时请引用每条数据的原始来源：每一行均注明来源，“来源与方法”页提供每个来源的引用格式。",
    },
    # Sources and methods
    "methods.lead": {
        "en": "Where every figure comes from, how it was curated, and where the sources disagree.",
        "zh": "每条数据的出处、整理方法以及来源之间的分歧。",
    },
    "methods.curation": {"en": "How figures are curated", "zh": "数据整理方法"},
    "methods.curation_body": {
        "en": 'Each figure enters the dataset only with its source, its publication date and a short phrase from the source that states it, copied word for word. The number is kept exactly as the source gives it: "more than 100,000" stays a lower bound, in the data, the charts and the downloads. The only change made to a number is an exact change of unit, so that each metric has one unit. Where sources disagree, every version is kept and the disagreement is recorded. The curated text files and the checks that guard them are described in datasets/README.md.',
        "zh": "每条数据必须附有来源、发布日期以及来源中陈述该数据的原文短语（逐字引用）才能收录。数值严格保持来源原样：“超过10万”在数据、图表和下载文件中始终是下限。对数值的唯一改动是精确的单位换算，使每个指标只有一种单位。来源说法不一时，各版本均予保留，并记录分歧。整理用的文本文件及其校验规则见datasets/README.md。",
    },
    "methods.qualifiers": {"en": "What the qualifiers mean", "zh": "限定词的含义"},
    "methods.meaning": {"en": "Meaning", "zh": "含义"},
    "methods.q.exact": {
        "en": "The source states the number without qualification.",
        "zh": "来源未加任何限定地陈述该数值。",
    },
    "methods.q.more_than": {
        "en": "A lower bound: the true value is above it (“more than”, “over”, 超过).",
        "zh": "下限：真实值高于该数（“超过”“逾”）。",
    },
    "methods.q.at_least": {
        "en": "A lower bound that includes the value (“at least”).",
        "zh": "包含该值的下限（“至少”）。",
    },
    "methods.q.about": {"en": "Approximate (“about”, “around”, 约).", "zh": "约数（“约”“左右”）。"},
    "methods.q.nearly": {
        "en": "Just under the value (“nearly”, “almost”, 近, 将近).",
        "zh": "略低于该数（“近”“将近”“接近”）。",
    },
    "methods.q.less_than": {
        "en": "An upper bound: the true value is below it (“under”, “less than”, 不到, 不足).",
        "zh": "上限：真实值低于该数（“不到”“不足”）。",
    },
    "methods.q.indicative": {
        "en": "A figure we derived from bounds (for example a ratio of two lower bounds): it is neither a bound nor an estimate, so read it as an order of magnitude only.",
        "zh": "本站由上下限推算的数（例如两个下限之比）：既非上下限也非估计值，仅表示数量级。",
    },
    "methods.q.at_most": {
        "en": "An upper bound that includes the value (“at most”).",
        "zh": "包含该值的上限（“至多”）。",
    },
    "methods.grades": {"en": "How far to trust each source", "zh": "来源可信度"},
    "methods.grades_body": {
        "en": "**High**: the State Council Information Office, ministries and official sites, the main state media and Yicai. **Medium**: republications and summaries attributed to those, the seed articles, other press. **Low**: aggregator pages that are a figure's only source, blog posts, machine-translated summaries with garbled dates. Low-grade figures are kept and marked with ⚠ wherever they appear.",
        "zh": "**高**：国务院新闻办公室、各部委及官方网站、主要官方媒体和第一财经。**中**：上述来源的转载和摘要、种子文章及其他媒体。**低**：作为某数据唯一来源的聚合网站、博客以及日期错乱的机器翻译摘要。可信度低的数据予以保留，并在出现处以⚠标出。",
    },
    "methods.derived": {"en": "Derived figures", "zh": "推算数据"},
    "methods.derived_body": {
        "en": "A few figures are computed by us from reported ones and marked as derived. The data check recomputes each from its formula and rejects any mismatch.",
        "zh": "少数数据由本站根据公布数据推算，并标为“推算”。数据校验会按公式重新计算，不一致即报错。",
    },
    "methods.conflicts": {"en": "Known conflicts between sources", "zh": "来源间的已知分歧"},
    "methods.sources": {"en": "Every source", "zh": "全部来源"},
    "methods.sources_body": {
        "en": "{n} documents. The seed articles have no web address; every other source links to the page the figure was read from.",
        "zh": "共{n}份文件。种子文章没有网址；其他来源均链接到数据所在的网页。",
    },
    "methods.title": {"en": "Title", "zh": "标题"},
    "methods.language": {"en": "Language", "zh": "语言"},
    "methods.kind": {"en": "Kind", "zh": "类型"},
    "methods.taken": {"en": "Figures taken", "zh": "采用的数据"},
    "methods.taken_other": {"en": "names, events or notes", "zh": "名称、事件或说明"},
    "methods.note": {"en": "Note", "zh": "说明"},
    "methods.citation": {"en": "Citation", "zh": "引用格式"},
    "methods.version": {"en": "Dataset version and licence", "zh": "数据版本与许可"},
    "methods.changelog": {"en": "What each version added or corrected", "zh": "各版本新增与更正"},
    "title.reliability": {
        "en": "{trusted} of {total} reported figures rest on high- or medium-grade sources; the most come from {top} ({top_n})",
        "zh": "{total}条公布数据中{trusted}条来自可信度高或中等的来源；来自{top}的最多（{top_n}条）",
    },
    "reliability.official": {"en": "Official", "zh": "官方"},
    "reliability.state_media": {"en": "State media", "zh": "官方媒体"},
    "reliability.press": {"en": "Press", "zh": "媒体"},
    "reliability.analysis": {"en": "Analysis", "zh": "分析机构"},
    "reliability.aggregator": {"en": "Aggregator", "zh": "聚合网站"},
    "reliability.republication": {"en": "Republication", "zh": "转载"},
    "reliability.blog": {"en": "Blog", "zh": "博客"},
    "source_kind.meeting_summary": {"en": "Meeting summary", "zh": "会议摘要"},
    "source_kind.briefing": {"en": "Briefing", "zh": "解读"},
    "source_kind.article": {"en": "Article", "zh": "文章"},
    "source_kind.press_conference": {"en": "Press conference", "zh": "新闻发布会"},
    "source_kind.transcript": {"en": "Transcript", "zh": "实录"},
    "source_kind.report_summary": {"en": "Report summary", "zh": "报告摘要"},
    "source_kind.analysis": {"en": "Analysis", "zh": "分析"},
    "source_kind.aggregator_summary": {"en": "Aggregator summary", "zh": "聚合摘要"},
    "source_kind.republication": {"en": "Republication", "zh": "转载"},
    "source_kind.blog": {"en": "Blog post", "zh": "博客文章"},
    "conflict_kind.value": {"en": "values differ", "zh": "数值不同"},
    "conflict_kind.scope": {"en": "different scopes", "zh": "口径不同"},
    "conflict_kind.definition": {"en": "different definitions", "zh": "定义不同"},
    "conflict_kind.name": {"en": "names differ", "zh": "名称不同"},
    "conflict_kind.date": {"en": "impossible date", "zh": "日期有误"},
    "conflict_kind.wording": {"en": "wording and order differ", "zh": "措辞与顺序不同"},
    "conflict_kind.method": {"en": "different methods", "zh": "方法不同"},
    # Sources and timeline
    "sources.title": {"en": "Sources and methods", "zh": "来源与方法"},
    "timeline.title": {"en": "Timeline", "zh": "大事记"},
    "common.quote": {"en": "“{text}” — {who}", "zh": "“{text}”——{who}"},
    "common.grade_badge": {"en": "reliability: {grade}", "zh": "可信度：{grade}"},
    "common.open_source": {"en": "Open the source", "zh": "打开来源"},
    "common.no_url": {"en": "no web address (seed document)", "zh": "无网址（种子文件）"},
    # Indicator pages (issue 13)
    "nav.indicator": {"en": "Indicators", "zh": "指标"},
    "nav.help.indicator": {
        "en": "One page per indicator: every report of it over time, what was known when, its sources, a citation and downloads.",
        "zh": "每个指标一页：历次报告、各时点已知数据、来源、引用格式和下载。",
    },
    "indicator.catalogue_title": {"en": "Indicators", "zh": "指标目录"},
    "indicator.catalogue_lead": {
        "en": "Every indicator in the dataset, grouped by priority. Open one for its reports over time, what was known at each date, its sources, a citation and downloads.",
        "zh": "数据集中的全部指标，按重点任务分组。打开指标可查看历次报告、各时点已知数据、来源、引用格式和下载。",
    },
    "indicator.search": {"en": "Search indicators (English or Chinese)", "zh": "搜索指标（中英文均可）"},
    "indicator.search_placeholder": {"en": "e.g. datasets, tokens, 标注", "zh": "例如：数据集、Token、annotation"},
    "indicator.count": {"en": "{n} indicators", "zh": "共{n}个指标"},
    "indicator.group_more": {
        "en": "… and {n} more in this group: type in the search box to find them.",
        "zh": "……本组另有{n}个指标，请用上方搜索框查找。",
    },
    "indicator.no_match": {"en": "No indicator matches “{query}”.", "zh": "没有与“{query}”匹配的指标。"},
    "indicator.unknown": {
        "en": "There is no indicator with the id “{value}”. Choose one from the list below.",
        "zh": "没有编号为“{value}”的指标。请从下列指标中选择。",
    },
    "indicator.other_group": {"en": "Across priorities", "zh": "跨重点任务"},
    "indicator.reports": {"en": "{n} reports", "zh": "{n}条报告"},
    "indicator.entry": {"en": "{name} · {reports} · latest {latest}", "zh": "{name} · {reports} · 最新{latest}"},
    "indicator.entry_empty": {"en": "{name} · {reports}", "zh": "{name} · {reports}"},
    "indicator.latest": {
        "en": "Latest trusted figure: {value}, as of {date} ({publisher}, {published}).",
        "zh": "最新可信数据：{value}，截至{date}（{publisher}，{published}）。",
    },
    "indicator.facts": {
        "en": "Unit: {unit} · Priority: {priority} · Id: {id}",
        "zh": "单位：{unit} · 重点任务：{priority} · 编号：{id}",
    },
    "indicator.action": {"en": "Action: {action}", "zh": "专项行动：{action}"},
    "indicator.no_priority": {"en": "all priorities", "zh": "各重点任务"},
    "indicator.chart": {"en": "Every report over time", "zh": "历次报告"},
    "indicator.chart_lead": {
        "en": "Each source has its own colour; the marks show the qualifier (a triangle up is a lower bound) and a ring marks a recorded conflict.",
        "zh": "每个来源一种颜色；标记形状表示限定词（向上三角为下限），圆环表示已记录的分歧。",
    },
    "indicator.no_national": {
        "en": "This indicator has no national figure to draw over time.",
        "zh": "该指标没有可按时间绘制的全国数据。",
    },
    "indicator.vintages": {"en": "What was known when", "zh": "各时点已知数据"},
    "indicator.vintages_lead": {
        "en": "For each date a report was published, and each place it was about: the figure that was then the latest one (as the cards choose it, among actual figures), the latest forecast or target known then, kept apart, and what was published that day. The data routes give the same with known_at=.",
        "zh": "每个报告发布日及其涉及的每个地区：当时最新的实际数据（与数据卡片的选取规则相同）、当时已知的最新预测或目标（单独列出）以及当天发布的数据。数据接口的 known_at= 参数给出相同结果。",
    },
    "indicator.col.known_at": {"en": "Known on", "zh": "截至发布日"},
    "indicator.col.place": {"en": "Place", "zh": "地区"},
    "indicator.col.expected": {"en": "Forecast or target then", "zh": "当时的预测或目标"},
    "indicator.national": {"en": "National", "zh": "全国"},
    "indicator.col.latest": {"en": "Latest figure then", "zh": "当时最新数据"},
    "indicator.col.as_of": {"en": "It describes", "zh": "数据时间"},
    "indicator.col.source": {"en": "Its source", "zh": "其来源"},
    "indicator.col.published_that_day": {"en": "Published that day", "zh": "当天发布"},
    "indicator.col.changed": {"en": "Changed", "zh": "有变化"},
    "indicator.table": {"en": "Every figure with its evidence", "zh": "全部数据及原文"},
    "indicator.sources": {"en": "Sources", "zh": "来源"},
    "indicator.conflicts": {"en": "Conflicts", "zh": "分歧"},
    "indicator.notes": {"en": "Notes", "zh": "说明"},
    "indicator.derived": {"en": "Derived figures", "zh": "推算数据"},
    "indicator.derived_line": {
        "en": "{value} ({date}) = {formula}; inputs: {inputs}",
        "zh": "{value}（{date}）= {formula}；输入：{inputs}",
    },
    "indicator.derived_from_line": {
        "en": "{metric}: {value} ({date}) = {formula}",
        "zh": "{metric}：{value}（{date}）= {formula}",
    },
    "indicator.cite": {"en": "Cite this indicator", "zh": "引用本指标"},
    "indicator.cite_lead": {
        "en": "With the dataset version and today's date as the access date. Cite the original sources of the figures too.",
        "zh": "含数据版本及访问日期（今天）。同时请引用各数据的原始来源。",
    },
    "indicator.cite_plain": {"en": "Plain text", "zh": "纯文本"},
    "indicator.cite_apa": {"en": "APA", "zh": "APA"},
    "indicator.cite_bibtex": {"en": "BibTeX", "zh": "BibTeX格式"},
    "indicator.cite_gbt7714": {"en": "GB/T 7714 (Chinese national standard)", "zh": "GB/T 7714（国家标准）"},
    # GB/T 7714-2015, a data set online ([DS/OL]): author. title[DS/OL]. edition. (released)[accessed]. address.
    "cite.gbt7714": {
        "en": "{author}. {title}[DS/OL]. Version {version}. ({released})[{accessed}]. {url}.",
        "zh": "{author}. {title}[DS/OL]. {version}版. ({released})[{accessed}]. {url}.",
    },
    "indicator.download": {"en": "Download this indicator", "zh": "下载本指标数据"},
    "indicator.download_csv": {"en": "CSV ({n} rows)", "zh": "CSV（{n}行）"},
    "indicator.download_xlsx": {"en": "Excel ({n} rows)", "zh": "Excel（{n}行）"},
    "indicator.download_parquet": {"en": "Parquet ({n} rows)", "zh": "Parquet（{n}行）"},
    "indicator.api": {"en": "The same rows over HTTP, for scripts:", "zh": "脚本可通过HTTP获取相同数据："},
    "indicator.embed": {"en": "Embed this page", "zh": "嵌入本页"},
    "indicator.embed_lead": {
        "en": "Paste this into a web page to show this indicator there:",
        "zh": "将以下代码粘贴到网页中即可嵌入本指标：",
    },
    "indicator.all": {"en": "All indicators", "zh": "全部指标"},
    "indicator.in_explorer": {"en": "Open in the explorer", "zh": "在数据浏览器中打开"},
    "indicator.link": {"en": "Indicator page", "zh": "指标页面"},
    "indicator.links": {"en": "Indicator pages:", "zh": "指标页面："},
    # Explorer additions (issue 13)
    "explorer.metric": {"en": "Indicator", "zh": "指标"},
    "explorer.chart": {"en": "Chart of the filtered figures", "zh": "筛选结果图表"},
    "explorer.chart_kind": {"en": "Chart type", "zh": "图表类型"},
    "explorer.chart.line": {"en": "Line", "zh": "折线图"},
    "explorer.chart.bar": {"en": "Bar", "zh": "条形图"},
    "explorer.chart_limit": {
        "en": "The chart draws the {n} indicators with the most figures of {total}; choose indicators above to draw others.",
        "zh": "图表显示筛选结果中数据最多的{n}个指标（共{total}个）；可在上方选择指标以绘制其他指标。",
    },
    "explorer.chart_limit_tied": {
        "en": "The chart draws {n} of {total} indicators, those with the most figures and then in order of their ids (several have as many); choose indicators above to draw others.",
        "zh": "图表显示{total}个指标中的{n}个：按数据条数排列，条数相同的按指标编号排列；可在上方选择指标以绘制其他指标。",
    },
    "explorer.chart_units": {
        "en": "The indicators are measured in different units, so each gets its own chart.",
        "zh": "所选指标单位不同，因此分别绘图。",
    },
    "explorer.chart_empty": {
        "en": "No national figure to draw among the filtered rows.",
        "zh": "筛选结果中没有可绘制的全国数据。",
    },
    "explorer.chart_title_bar": {"en": "{metric}: every report", "zh": "{metric}：历次报告"},
    "explorer.reason.bad_chart": {"en": "use chart=line or chart=bar", "zh": "请使用 chart=line 或 chart=bar"},
    "explorer.download_xlsx": {"en": "Excel ({n} rows)", "zh": "Excel（{n}行）"},
    "explorer.col.indicator": {"en": "Indicator", "zh": "指标页面"},
    # Places in the explorer (issue 23)
    "explorer.place": {"en": "Place", "zh": "地区"},
    "explorer.place_national": {"en": "National (the whole country)", "zh": "全国"},
    "explorer.col.place": {"en": "Place", "zh": "地区"},
    "explorer.api": {
        "en": "The same rows over HTTP (for pandas, R or DuckDB): {url}",
        "zh": "通过HTTP获取相同数据（可用于pandas、R或DuckDB）：{url}",
    },
    # Take-away downloads: slide decks (PPTX) and one-page briefs (PDF) (issue 14)
    "deck.download_page": {"en": "Download this page as slides (PPTX)", "zh": "下载本页幻灯片（PPTX）"},
    "deck.download_all": {"en": "The whole dashboard as slides (PPTX)", "zh": "整个看板的幻灯片（PPTX）"},
    "deck.download_help": {
        "en": "An editable deck: a slide per chart (a picture with its finding as the title and its source line) and per group of figures (editable text), speaker notes with every figure's qualifier, date and source, and a closing slide of sources. The first download takes a few seconds; later ones are immediate.",
        "zh": "可编辑的演示文稿：每张图表一页（图片，以结论为标题并附来源），每组数据一页（可编辑文字），演讲者备注列出每个数据的限定词、日期和来源，最后一页为来源列表。首次下载需要几秒钟，之后即时可得。",
    },
    "deck.take_away_help": {
        "en": "Slides and brief are made on the server in your language; the first download of each takes a few seconds, later ones are immediate. The charts' PNGs are drawn at twice the screen size, each with its source line.",
        "zh": "幻灯片和简报在服务器上按当前语言生成；每种文件首次下载需要几秒钟，之后即时可得。图表PNG按屏幕尺寸的两倍绘制，每张都带来源说明。",
    },
    "deck.unavailable": {
        "en": "Slides and briefs are not available on this server: they are drawn in a Chromium browser on the server, and none is installed (install the chromium package, or set BROWSER_PATH).",
        "zh": "本服务器暂不提供幻灯片和简报：它们需要在服务器上用Chromium浏览器绘制，而服务器未安装该浏览器（请安装chromium软件包，或设置BROWSER_PATH）。",
    },
    "deck.all_pages": {"en": "The whole dashboard", "zh": "整个看板"},
    "deck.subtitle": {
        "en": "Reported figures on China's data-element market, each traced to its source",
        "zh": "中国数据要素市场公开报道数据，逐条注明出处",
    },
    "deck.built": {
        "en": "{slides} slides · the notes of every slide give each figure's qualifier, date and source",
        "zh": "共{slides}页 · 每页的演讲者备注列出每个数据的限定词、日期和来源",
    },
    "deck.figures": {"en": "Figures", "zh": "数据"},
    "deck.kicker": {"en": "{page} · {group}", "zh": "{page} · {group}"},
    "deck.cards.title": {"en": "{finding}, and {n} more figures", "zh": "{finding}，另有{n}项数据"},
    "deck.cards.title_one": {"en": "{finding}, and one more figure", "zh": "{finding}，另有1项数据"},
    "deck.cards.planned": {"en": "{metric}: {latest} ({date})", "zh": "{metric}：{latest}（{date}）"},
    "deck.sources_title_part": {"en": "{title} ({n} of {total})", "zh": "{title}（{n}/{total}）"},
    "deck.source_of": {"en": "Source: {publisher}, {date}", "zh": "来源：{publisher}，{date}"},
    "deck.footer": {
        "en": "China Data Market Monitor · dataset {version} · CC BY 4.0",
        "zh": "中国数据要素市场监测 · 数据版本 {version} · CC BY 4.0",
    },
    "deck.sources_title": {"en": "Sources", "zh": "来源"},
    "deck.sources_lead": {
        "en": "Every source behind the figures in this deck, most used first, with the grade each was given. The notes of each sources slide cite the sources it lists.",
        "zh": "本演示文稿中数据的全部来源，按使用次数排列，并注明可信度等级。每页来源幻灯片的备注列出该页来源的引用信息。",
    },
    "deck.sources_line": {"en": "{date} · grade: {grade} · {title}", "zh": "{date} · 可信度：{grade} · {title}"},
    "deck.sources_more": {
        "en": "… and {n} more sources: each is listed with its grade under Sources and methods in the dashboard.",
        "zh": "……另有{n}个来源：看板的“来源与方法”页面列出每个来源及其可信度。",
    },
    "deck.notes.summary": {"en": "What this shows: {summary}", "zh": "要点：{summary}"},
    "deck.notes.figures": {
        "en": "Figures (value with qualifier, date, source):",
        "zh": "数据（含限定词的数值、日期、来源）：",
    },
    "deck.notes.figure": {
        "en": "{label}: {value}, {when}. Source: {publisher}, {published} (grade: {grade}).",
        "zh": "{label}：{value}，{when}。来源：{publisher}，{published}（可信度：{grade}）。",
    },
    "deck.notes.place": {
        "en": "{place}: {role}. Source: {publisher}, {published}.",
        "zh": "{place}：{role}。来源：{publisher}，{published}。",
    },
    "deck.notes.event": {
        "en": "{when}: {title}. Source: {publisher}, {published}.",
        "zh": "{when}：{title}。来源：{publisher}，{published}。",
    },
    "deck.notes.more": {
        "en": "… and {n} more: the page's “Data behind this chart” table lists every one.",
        "zh": "……另有{n}条：页面上的“图表数据”表格列出全部条目。",
    },
    "deck.notes.cite": {
        "en": "Cite as: China Data Market Monitor ({year}), {title}, dataset version {version}, “{page}”. Licence: {licence}.",
        "zh": "引用格式：中国数据要素市场监测（{year}），{title}，数据版本 {version}，“{page}”。许可：{licence}。",
    },
    "deck.notes.cite_sources": {
        "en": "Cite the original source of each figure too:",
        "zh": "请同时引用每个数据的原始来源：",
    },
    "deck.notes.source": {"en": "{publisher} ({date}). {title}. {url}", "zh": "{publisher}（{date}）。{title}。{url}"},
    "deck.notes.no_url": {"en": "(no web address)", "zh": "（无网址）"},
    "deck.notes.qualifiers": {
        "en": "Read every value with its qualifier: “more than” and “at least” are lower bounds, “less than” and “at most” upper bounds; “about” and “nearly” are the sources' own words. Figures are as published, never rounded.",
        "zh": "请结合限定词理解每个数值：“超过”“至少”为下限，“不足”“至多”为上限；“约”“近”均为来源原文用语。数据均按原文公布，未作取整。",
    },
    "brief.download": {"en": "Download brief (PDF)", "zh": "下载简报（PDF）"},
    "brief.download_help": {
        "en": "One A4 page to print or forward: the headline figures, the key chart, three findings, the conflicts to watch and the sources with their grades.",
        "zh": "一页A4纸，可打印或转发：核心数据、关键图表、三项要点、需关注的分歧以及来源和可信度。",
    },
    "brief.kicker": {"en": "One-page brief", "zh": "一页简报"},
    "brief.headline": {"en": "Headline figures", "zh": "核心数据"},
    "brief.key_chart": {"en": "Key chart", "zh": "关键图表"},
    "brief.findings": {"en": "Three findings", "zh": "三项要点"},
    "brief.conflicts": {"en": "Conflicts to watch", "zh": "需关注的分歧"},
    "brief.no_conflicts": {
        "en": "No recorded disagreement between sources on this page's figures.",
        "zh": "本页数据的来源之间没有记录在案的分歧。",
    },
    "brief.conflicts_more": {"en": "… and {n} more on the page.", "zh": "……页面上另有{n}项。"},
    "brief.sources": {"en": "Sources and their grades", "zh": "来源及可信度"},
    "brief.sources_more": {
        "en": "… and {n} more sources, each listed with its grade on the page and under Sources and methods.",
        "zh": "……另有{n}个来源，均在页面及“来源与方法”中列出并注明可信度。",
    },
    "brief.grade": {"en": "Grade", "zh": "可信度"},
    "brief.source": {"en": "Source", "zh": "来源"},
    "brief.source_line": {"en": "{publisher}, {date}: {title}", "zh": "{publisher}，{date}：{title}"},
    "brief.no_figures": {
        "en": "No figures have been reported for this page yet, so this brief has no headline figures, chart or findings. The dashboard page gives the policy content and any dated events.",
        "zh": "本页尚无已公布的数据，因此本简报没有核心数据、图表或要点。看板页面提供政策内容和相关大事记。",
    },
    "brief.footer": {
        "en": "China Data Market Monitor · dataset version {version} of {date} · {licence} · every figure as published, with its qualifier; bounds stay bounds",
        "zh": "中国数据要素市场监测 · 数据版本 {version}（{date}）· {licence} · 数据均按原文公布并保留限定词，上下限不作确数",
    },
    # Targets (issue 25): where each policy target stands
    "nav.targets": {"en": "Targets", "zh": "目标进度"},
    "nav.help.targets": {
        "en": "Every policy target with its deadline, the latest figure, the growth needed and achieved, and whether it is being met.",
        "zh": "全部政策目标及其截止日期、最新数据、所需与实际增速，以及是否如期推进。",
    },
    "targets.title": {"en": "Are the targets being met?", "zh": "政策目标是否如期推进？"},
    "targets.lead": {
        "en": "Every policy target in the data, with its deadline, the latest actual figure of the series that measures it, the growth a year still needed and the growth a year achieved. Judged on {date}, the dataset's release date; the rule of each status is in Sources and methods.",
        "zh": "数据中的全部政策目标，及其截止日期、衡量该目标的数据序列的最新实际数值、仍需的年均增速和已实现的年均增速。判断日期为本数据版本的发布日期{date}；各状态的判断规则见“来源与方法”。",
    },
    "targets.counts": {
        "en": "Targets ({n}): {met} met · {on_track} on track · {behind} behind · {missed} missed · {not_measurable} not measurable",
        "zh": "目标（{n}项）：已实现{met}项 · 进度正常{on_track}项 · 进度滞后{behind}项 · 未如期实现{missed}项 · 无法衡量{not_measurable}项",
    },
    "targets.strip_link": {"en": "See every target", "zh": "查看全部目标"},
    "targets.filter_status": {"en": "Status", "zh": "状态"},
    "targets.filter_area": {"en": "Priority", "zh": "重点任务"},
    "targets.none": {"en": "No target matches these filters.", "zh": "没有符合筛选条件的目标。"},
    "targets.no_group": {"en": "Across the priorities", "zh": "跨重点任务"},
    "targets.table_caption": {
        "en": "Hover over a cell to read it whole; the clause is the source's own words, in its language.",
        "zh": "将鼠标悬停在单元格上可查看全文；条款为来源原文。",
    },
    "targets.col.indicator": {"en": "Indicator", "zh": "指标"},
    "targets.col.target": {"en": "Target", "zh": "目标"},
    "targets.col.latest": {"en": "Latest figure", "zh": "最新数值"},
    "targets.col.progress": {"en": "Progress", "zh": "进度"},
    "targets.col.needed": {"en": "Growth needed", "zh": "所需增速"},
    "targets.col.achieved": {"en": "Growth achieved", "zh": "实际增速"},
    "targets.col.status": {"en": "Status", "zh": "状态"},
    "targets.col.why": {"en": "Why", "zh": "原因"},
    "targets.col.document": {"en": "Set by", "zh": "提出文件"},
    "targets.col.clause": {"en": "Clause (verbatim)", "zh": "条款原文"},
    "targets.col.source": {"en": "Source", "zh": "来源"},
    "targets.col.link": {"en": "Indicator page", "zh": "指标页面"},
    "targets.open": {"en": "Open", "zh": "打开"},
    "targets.chart_title": {
        "en": "How far each target is: {shown} of {total} targets have a reported figure to measure it",
        "zh": "各目标的进度：{total}项目标中{shown}项有可衡量的实际数据",
    },
    "targets.chart_axis": {"en": "Latest figure as a share of the target (%)", "zh": "最新数值占目标值的比例（%）"},
    "targets.summary": {
        "en": "{shown} of {total} targets have a reported figure to measure them: {on_track} on track, {behind} behind, {met} met, {missed} missed, {not_measurable} not measurable.",
        "zh": "{total}项目标中有{shown}项有可衡量的实际数据：进度正常{on_track}项，进度滞后{behind}项，已实现{met}项，未如期实现{missed}项，无法衡量{not_measurable}项。",
    },
    "targets.badge": {"en": "{status}: {n}", "zh": "{status}：{n}"},
    "targets.strip_label": {"en": "Targets ({n})", "zh": "目标（{n}项）"},
    "targets.chart_hatched": {
        "en": "Hatched: the latest figure is a lower bound (“more than”), so the target is at least that far along.",
        "zh": "斜线：最新数值为下限（“超过”），进度至少为此。",
    },
    "targets.chart_target_tick": {"en": "100% = target", "zh": "100%=目标"},
    "targets.bar.needs": {"en": "needs {rate}", "zh": "所需{rate}"},
    "targets.bar.achieved": {"en": "achieved {rate}", "zh": "实际{rate}"},
    "targets.chart_none": {
        "en": "None of these targets has a reported figure to measure it yet; the table below says why.",
        "zh": "这些目标尚无可衡量的实际数据；原因见下表。",
    },
    "targets.needed_path": {"en": "Growth needed to reach the target", "zh": "达到目标所需的增长路径"},
    "targets.on_indicator": {"en": "Targets for this indicator", "zh": "本指标的目标"},
    "targets.on_indicator_lead": {
        "en": "The dashed line on the chart is the growth a national target needs from the latest report to its deadline.",
        "zh": "图中虚线为全国目标从最新报告到截止日期所需的增长路径。",
    },
    "targets.name_place": {"en": "{name} · {place}", "zh": "{name} · {place}"},
    "targets.goal": {"en": "{value} by {date}", "zh": "到{date}{value}"},
    "targets.latest": {"en": "{value} ({date})", "zh": "{value}（{date}）"},
    "targets.progress": {"en": "{pct}%", "zh": "{pct}%"},
    "targets.since": {"en": "{rate} since {date}", "zh": "{date}以来{rate}"},
    "targets.rate.year": {"en": "{pct}% a year", "zh": "年均增长{pct}%"},
    "targets.rate.fall": {"en": "a fall of {pct}% a year", "zh": "年均下降{pct}%"},
    "targets.rate.total": {"en": "{pct}% in all by {date}", "zh": "到{date}共增长{pct}%"},
    "targets.rate.total_fall": {"en": "a fall of {pct}% in all by {date}", "zh": "到{date}共下降{pct}%"},
    "targets.bound.at_least": {"en": "at least {text}", "zh": "至少{text}"},
    "targets.bound.at_most": {"en": "at most {text}", "zh": "至多{text}"},
    "targets.bound.between": {"en": "{low} to {high}", "zh": "{low}至{high}"},
    "targets.unknown": {"en": "—", "zh": "—"},
    "targets.sentence.met": {
        "en": "{name}: met, {latest} ({when}, {who}) against a target of {goal}.",
        "zh": "{name}：已实现，{when}为{latest}（{who}），目标为{goal}。",
    },
    "targets.sentence.missed": {
        "en": "{name}: missed, {latest} ({when}, {who}) against a target of {goal}.",
        "zh": "{name}：未如期实现，{when}为{latest}（{who}），目标为{goal}。",
    },
    "targets.sentence.on_track": {
        "en": "{name}: on track, {latest} ({when}, {who}) against a target of {goal}; needs {needed}, achieved {achieved}.",
        "zh": "{name}：进度正常，{when}为{latest}（{who}），目标为{goal}；所需：{needed}，实际：{achieved}。",
    },
    "targets.sentence.behind": {
        "en": "{name}: behind, {latest} ({when}, {who}) against a target of {goal}; needs {needed}, achieved {achieved}.",
        "zh": "{name}：进度滞后，{when}为{latest}（{who}），目标为{goal}；所需：{needed}，实际：{achieved}。",
    },
    "targets.sentence.unjudged": {
        "en": "{name}: not measurable, {latest} ({when}, {who}) against a target of {goal}; needs {needed}; {why}.",
        "zh": "{name}：无法衡量，{when}为{latest}（{who}），目标为{goal}；所需：{needed}；{why}。",
    },
    "targets.sentence.unjudged_no_pace": {
        "en": "{name}: not measurable, {latest} ({when}, {who}) against a target of {goal}; {why}.",
        "zh": "{name}：无法衡量，{when}为{latest}（{who}），目标为{goal}；{why}。",
    },
    "targets.sentence.not_measurable": {
        "en": "{name}: not measurable against a target of {goal}: {why}.",
        "zh": "{name}：无法衡量，目标为{goal}：{why}。",
    },
    "targets.sentence.awaiting": {
        "en": " The deadline has passed with no report since.",
        "zh": "截止日期已过，此后尚无报告。",
    },
    "methods.targets": {"en": "How targets are judged", "zh": "目标进度的判断方法"},
    "methods.targets_body": {
        "en": "Each target is measured against the actual reports of one series: the target's own indicator, about the same place; a target that no series measures says why. A figure is read with its qualifier: “more than 280” is some value above 280, so it does not show that “at least 300” is met, while “more than 320” does. **Progress** is the latest report divided by the target. The **growth needed** is the compound growth a year that takes the latest report to the target by the deadline; the **growth achieved** is the compound growth a year from an earlier report to the latest: the earliest exact or approximate figure from {window} years to {months} months before the latest (else the earliest bound in that span). Where a figure is a bound, so is each rate (“at most 10% a year needed”). Targets are judged on the dataset's release date, {date}.",
        "zh": "每个目标都与一个实际数据序列的报告比较：即目标本身的指标、同一地区；没有序列可衡量的目标会说明原因。数值连同限定词一起解读：“超过280”只说明数值高于280，不能证明“不少于300”已经实现，而“超过320”可以。**进度**为最近一次报告数值除以目标值。**所需增速**为从最近一次报告到截止日期达到目标所需的年均复合增速；**实际增速**为从较早一次报告到最近一次报告的年均复合增速，较早报告取最近一次报告之前{window}年至{months}个月之间最早的确数或约数（若无，则取该期间最早的区间值）。数值为区间时，增速也是区间（如“所需增速至多每年10%”）。目标按本数据版本的发布日期（{date}）判断。",
    },
    "methods.target_col.status": {"en": "Status", "zh": "状态"},
    "methods.target_col.rule": {"en": "Rule", "zh": "判断规则"},
    "methods.target_rule.met": {
        "en": "A report dated on or before the deadline meets the target, with its bound: every value the figure allows reaches the target.",
        "zh": "截止日期当天或之前的某次报告达到目标，且考虑限定词后数值允许的所有取值都达到目标。",
    },
    "methods.target_rule.on_track": {
        "en": "Not met yet, and the growth achieved is certainly at least the growth still needed. When the deadline has passed with no report since, this is judged at the last report, and said so.",
        "zh": "尚未实现，但实际增速确定不低于所需增速。截止日期已过而此后尚无报告时，按最近一次报告判断，并予以注明。",
    },
    "methods.target_rule.behind": {
        "en": "Not met yet, and the growth achieved is certainly below the growth still needed (judged at the last report in the same way).",
        "zh": "尚未实现，且实际增速确定低于所需增速（同样按最近一次报告判断）。",
    },
    "methods.target_rule.missed": {
        "en": "Not met by the deadline: a report dated at or after the deadline certainly falls short of it.",
        "zh": "未在截止日期前实现：截止日期当天或之后的某次报告确定未达到目标。",
    },
    "methods.target_rule.not_measurable": {
        "en": "No series counts what the target counts, its series has no report yet, a single report gives no pace, its unit has no growth rate (a percentage), it was reached only in a report after the deadline, or the bounds cannot decide.",
        "zh": "没有与目标口径相同的序列，序列尚无报告，仅一次报告无法计算增速，单位不适用增长率（如百分比），仅在截止日期之后的报告中达到，或区间数值无法判断。",
    },
    "target_status.met": {"en": "Met", "zh": "已实现"},
    "target_status.on_track": {"en": "On track", "zh": "进度正常"},
    "target_status.behind": {"en": "Behind", "zh": "进度滞后"},
    "target_status.missed": {"en": "Missed", "zh": "未如期实现"},
    "target_status.not_measurable": {"en": "Not measurable", "zh": "无法衡量"},
    "target_reason.no_series": {
        "en": "no reported series counts what the target counts",
        "zh": "没有与目标口径相同的实际数据序列",
    },
    "target_reason.no_reports": {"en": "no actual figure reported yet", "zh": "尚无实际数据"},
    "target_reason.no_earlier": {
        "en": "one report only, so no pace achieved to compare",
        "zh": "仅有一次报告，无法计算实际增速",
    },
    "target_reason.bounds": {
        "en": "the reported figures are bounds (“more than”) that cannot decide it",
        "zh": "报告数值为区间（如“超过”），无法据以判断",
    },
    "target_reason.no_pace": {"en": "its unit has no growth rate", "zh": "该单位不适用增长率"},
    "target_reason.met_late": {
        "en": "reached only in a report dated after the deadline",
        "zh": "仅在截止日期之后的报告中达到",
    },
    "target_reason.awaiting": {
        "en": "the deadline has passed with no report since; judged at the last report",
        "zh": "截止日期已过，此后尚无报告；按最近一次报告判断",
    },
}

# A count of one in the singular: t() takes `<key>.one` when n is 1 (Chinese has no plural: the same text).
_SINGULAR = {
    "chart.many_sources": "{n} document (see Sources and methods)",
    "chart.download": "Download this {n} row (CSV)",
    "chart.by_place_summary": "Of {n} place, {top} reports {top_value} (the most and the least: {bottom}, {bottom_value}); the latest report dates from {years}.",
    "title.by_place": "{metric}: the latest report for {n} place",
    "title.by_place_top": "{metric}: the {shown} largest of the latest reports for {n} place",
    "title.cities_map": "{n} city pilots a national data annotation base; {figure} selected as outstanding",
    "title.cities_map.bare": "{n} city pilots a national data annotation base",
    "chart.summary.events": "{n} event, from {first_when} ({first}) to {last_when} ({last}).",
    "explorer.download_filtered": "Download CSV ({n} row)",
    "explorer.download_full": "Download full data CSV ({n} row)",
    "explorer.download_parquet": "Parquet ({n} row)",
    "explorer.download_zip": "Zip bundle with metadata ({n} row)",
    "methods.sources_body": "{n} document. The seed articles have no web address; every other source links to the page the figure was read from.",
    "indicator.count": "{n} indicator",
    "indicator.reports": "{n} report",
    "indicator.download_csv": "CSV ({n} row)",
    "indicator.download_xlsx": "Excel ({n} row)",
    "indicator.download_parquet": "Parquet ({n} row)",
    "explorer.chart_limit": "The chart draws the {n} indicator with the most figures of {total}; choose indicators above to draw others.",
    "explorer.download_xlsx": "Excel ({n} row)",
    "kpi.change_points.up": "+{n} pt since {date}",
    "kpi.change_points.down": "−{n} pt since {date}",
    "title.province_map": "{metric}: the latest report for {n} province",
}
CATALOG.update({f"{key}.one": {"en": en, "zh": CATALOG[key]["zh"]} for key, en in _SINGULAR.items()})


def t(key: str, lang: str, **values) -> str:
    """The string for `key` in `lang` (English if the language is unknown), with placeholders filled; for a
    count `n` of one, the singular (`<key>.one`) where the key has one."""
    if values.get("n") == 1 and f"{key}.one" in CATALOG:
        key = f"{key}.one"
    entry = CATALOG[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def column(field: str, lang: str) -> str:
    """The column that holds a bilingual data field in a language (`name_zh`, `name_en`), for whole-column
    operations."""
    return f"{field}_{'zh' if lang == 'zh' else 'en'}"


def _text(row, name: str) -> str:
    try:
        value = row[name]
    except (KeyError, IndexError):
        return ""
    return "" if value is None or value != value else str(value)


def pick(row, field: str, lang: str) -> str:
    """A data label in the language: row['name_zh'] for zh, row['name_en'] otherwise. Where the Chinese
    text is empty, the English one; where a table names its English column without a suffix (the sources'
    `publisher`, `title`, `note`), that column."""
    chinese = _text(row, f"{field}_zh") if lang == "zh" else ""
    return chinese or _text(row, f"{field}_en") or _text(row, field)


def join(parts, lang: str, separator: str = "semicolon") -> str:
    """Phrases joined with the language's separator (`punct.<separator>`)."""
    return t(f"punct.{separator}", lang).join(parts)
