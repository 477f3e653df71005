package portal

import (
	"fmt"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// messages are the interface strings of each language, keyed by message id.
var messages = map[string]map[string]string{
	"zh": {
		"skip": "跳到正文", "home": "首页", "datasets": "数据集", "departments": "部门", "themes": "主题",
		"elements": "数源目录", "pricing": "收费标准", "guide": "申请指南", "stats": "统计", "search": "搜索",
		"search_label": "搜索数据集", "search_placeholder": "输入关键词，如：地铁、客流", "search_button": "搜索",
		"newest": "最新发布", "updated": "最近更新", "all_datasets": "全部数据集",
		"department": "数据提供部门", "published_by": "发布层级", "level_city": "市级", "level_district": "区级", "theme": "主题", "open_type": "开放类型", "frequency": "更新频率",
		"price": "费用", "price_free": "免费", "price_charged": "收费", "last_modified": "最近更新",
		"issued": "首次发布", "version": "版本", "keywords": "关键词", "license": "许可协议", "rights": "使用条件",
		"freshness": "时效", "fresh_current": "按期更新", "fresh_overdue": "逾期未更新", "fresh_unknown": "未知",
		"dictionary": "数据字典", "col_name": "字段名", "col_title": "名称", "col_type": "类型",
		"col_desc": "说明", "col_level": "级别", "col_personal": "个人信息", "col_deid": "去标识化方式",
		"preview": "数据预览", "preview_note": "以下为发布文件的前几行（已去标识化）。", "no_preview": "暂无可预览的数据。",
		"downloads": "下载", "file": "文件", "size": "大小", "sha256": "SHA-256",
		"q_rows": "数据质量", "q_in": "读取", "q_written": "发布", "q_suppressed": "抑制", "q_rejected": "拒绝",
		"q_people": "人", "q_checks": "质量阈值达标", "q_by_department": "各部门发布数据的质量（行数）", "q_department": "部门",
		"no_downloads": "此数据集不提供直接下载。", "verify": "如何校验下载文件",
		"verify_text":        "下载文件与 SHA256SUMS 后，在同一目录运行下列任一命令：",
		"applicable_pricing": "适用的收费标准", "no_pricing": "公益用途免费使用。",
		"application": "申请指南", "eligible": "申请条件", "purpose_required": "须说明用途", "materials": "申请材料",
		"review_days": "审核时限", "working_days": "个工作日", "delivery": "交付方式",
		"changelog": "变更记录", "date": "日期", "summary": "说明",
		"report_problem": "报告数据问题（数据异议）", "view_source": "查看目录源文件",
		"count_datasets": "个数据集", "count_elements": "个数据元素",
		"source_system": "数据源头", "update_mechanism": "更新机制", "quality": "质量标准", "usage": "使用方法",
		"responsible_department": "数据责任部门", "definition": "定义", "value_type": "值类型",
		"classification": "分级分类", "replicas": "已知副本（请勿使用）", "datasets_using": "使用此数据元素的数据集",
		"channels": "使用渠道", "latency": "更新时延", "mode": "更新方式", "collection": "采集方式",
		"policy": "收费标准", "product": "产品", "use_classes": "适用用途", "basis": "计费依据",
		"unit": "计费单位", "scheme": "计价方式", "tiers": "价格档位", "cap": "核定上限", "discounts": "优惠",
		"settlement": "结算方式", "free_quota": "免费额度", "calculator": "费用计算示例",
		"calculator_note": "下表按各收费标准计算使用量为 50、500、5000 个计费单位时的费用（元），已扣除免费额度并执行核定上限。",
		"quantity":        "使用量", "units": "单位", "total": "合计（元）", "calc_input": "使用量（计费单位）",
		"calc_discount": "适用优惠", "calc_none": "无", "calc_title": "费用计算器", "nav": "主导航", "calc_button": "计算",
		"stats_by_department": "各部门数据集数量", "stats_by_open_type": "按开放类型", "stats_by_theme": "按主题",
		"stats_freshness": "更新时效", "stats_growth": "数据集累计数量（按首次发布年份）",
		"not_found": "页面不存在", "not_found_text": "您访问的页面不存在，可能已移动或删除。",
		"demo_keys":  "本站由演示目录构建，使用了公开的演示密钥，仅供演示，请勿用于真实数据。",
		"built_from": "本站由 shuyuan 根据数据目录生成。", "contact": "联系我们", "language": "语言",
		"lang_name": "中文", "other_lang_name": "English", "filter_by": "筛选", "results": "搜索结果",
		"search_noscript": "搜索在浏览器中运行；也可以直接浏览全部数据集：",
		"as_of":           "统计截至", "elements_list": "数源目录（数据元素）", "high_frequency": "高频",
		"yes": "是", "no": "否", "district": "区级", "city": "市级", "homepage": "网站",
		"level": "级别", "grade": "数据分级", "personal_info": "个人信息",
		"versions": "版本", "versions_note": "每个已发布版本的文件永久保留，各有固定地址；引用时请注明版本及其 SHA-256 摘要。",
		"digest": "版本摘要（SHA-256）", "size_total": "总大小", "no_files": "未发布文件", "current": "当前版本",
		"key_id_text": "下载文件的校验和（SHA256SUMS）由本平台的 minisign 密钥签名，密钥 ID：", "key_id_check": "。首次信任该公钥前，请核对其密钥 ID 与本页显示的一致。",
		"unsigned_note": "本平台的下载文件未签名：只能核对校验和，无法确认文件出自本平台。",
		"verify_once":   "仅需一次：信任本平台公钥，先核对密钥 ID 为",
		"verify_trust":  "shuyuan verify 只信任您指定或已信任的密钥，不信任随下载文件一起提供的 minisign.pub：替换了文件的人也能替换它。也可以用本版本页面的二维码内容（shuyuan verify --qr）离线核验。",
		"version_of":    "数据集", "canonical_url": "固定地址", "released": "发布日期",
		"qr": "亮数二维码", "qr_alt": "本版本的二维码，内容为", "qr_payload": "二维码内容，可用于离线核验下载文件",
		"qr_note":  "二维码包含本版本的固定地址、全部文件的 SHA-256 摘要和签名密钥 ID。",
		"citation": "引用本版本", "cite_text": "文本", "not_current": "这不是当前版本。当前版本：",
		"no_version_files": "本平台未发布此版本的文件。",
	},
	"en": {
		"skip": "Skip to content", "home": "Home", "datasets": "Datasets", "departments": "Departments", "themes": "Themes",
		"elements": "Data sources", "pricing": "Pricing", "guide": "Guide", "stats": "Statistics", "search": "Search",
		"search_label": "Search datasets", "search_placeholder": "Keywords, e.g. metro, ridership", "search_button": "Search",
		"newest": "Newest", "updated": "Recently updated", "all_datasets": "All datasets",
		"department": "Department", "published_by": "Published by", "level_city": "City", "level_district": "District", "theme": "Theme", "open_type": "Open type", "frequency": "Update frequency",
		"price": "Price", "price_free": "Free", "price_charged": "Charged", "last_modified": "Last updated",
		"issued": "First published", "version": "Version", "keywords": "Keywords", "license": "Licence", "rights": "Terms of use",
		"freshness": "Freshness", "fresh_current": "Up to date", "fresh_overdue": "Overdue", "fresh_unknown": "Unknown",
		"dictionary": "Data dictionary", "col_name": "Column", "col_title": "Name", "col_type": "Type",
		"col_desc": "Description", "col_level": "Level", "col_personal": "Personal information", "col_deid": "De-identification",
		"preview": "Preview", "preview_note": "The first rows of the published (de-identified) file.", "no_preview": "No preview available.",
		"downloads": "Downloads", "file": "File", "size": "Size", "sha256": "SHA-256",
		"q_rows": "Quality", "q_in": "rows read", "q_written": "published", "q_suppressed": "suppressed", "q_rejected": "rejected",
		"q_people": "people", "q_checks": "quality thresholds met", "q_by_department": "Quality of the published extracts by department (rows)", "q_department": "Department",
		"no_downloads": "This dataset is not available for direct download.", "verify": "How to verify a download",
		"verify_text":        "Download the file and SHA256SUMS, then run any of these in the same folder:",
		"applicable_pricing": "Pricing that applies", "no_pricing": "Free for public-interest use.",
		"application": "How to apply", "eligible": "Who may apply", "purpose_required": "Purpose must be stated", "materials": "Materials",
		"review_days": "Review time", "working_days": "working days", "delivery": "Delivery",
		"changelog": "Changelog", "date": "Date", "summary": "Summary",
		"report_problem": "Report a data problem (data objection)", "view_source": "View the catalog source file",
		"count_datasets": "datasets", "count_elements": "data elements",
		"source_system": "Source", "update_mechanism": "Update mechanism", "quality": "Quality standard", "usage": "Usage",
		"responsible_department": "Responsible department", "definition": "Definition", "value_type": "Value type",
		"classification": "Classification", "replicas": "Known copies (do not use)", "datasets_using": "Datasets carrying this element",
		"channels": "Channels", "latency": "Latency", "mode": "Mode", "collection": "Collection",
		"policy": "Policy", "product": "Product", "use_classes": "Uses", "basis": "Basis",
		"unit": "Unit", "scheme": "Scheme", "tiers": "Price bands", "cap": "Approved cap", "discounts": "Discounts",
		"settlement": "Settlement", "free_quota": "Free quota", "calculator": "Worked cost examples",
		"calculator_note": "Cost in CNY of 50, 500 and 5000 billed units under each policy, after the free quota and with the approved cap applied.",
		"quantity":        "Quantity", "units": "units", "total": "Total (CNY)", "calc_input": "Quantity (billed units)",
		"calc_discount": "Discount", "calc_none": "None", "calc_title": "Cost calculator", "nav": "Main navigation", "calc_button": "Calculate",
		"stats_by_department": "Datasets by department", "stats_by_open_type": "By open type", "stats_by_theme": "By theme",
		"stats_freshness": "Freshness", "stats_growth": "Datasets published (cumulative, by year first issued)",
		"not_found": "Page not found", "not_found_text": "The page you asked for does not exist; it may have moved or been removed.",
		"demo_keys":  "This site was built from the demonstration catalog with public demo keys. For demonstration only; not for real data.",
		"built_from": "Generated by shuyuan from the data catalog.", "contact": "Contact", "language": "Language",
		"lang_name": "English", "other_lang_name": "中文", "filter_by": "Filter", "results": "Results",
		"search_noscript": "Search runs in your browser; you can also browse every dataset:",
		"as_of":           "As of", "elements_list": "Data-source catalog (data elements)", "high_frequency": "High-frequency",
		"yes": "Yes", "no": "No", "district": "District", "city": "City", "homepage": "Website",
		"level": "Level", "grade": "Grade", "personal_info": "Personal information",
		"versions": "Versions", "versions_note": "The files of every published version stay published, each at its own address; cite the version and its SHA-256 digest.",
		"digest": "Version digest (SHA-256)", "size_total": "Total size", "no_files": "no files", "current": "current",
		"key_id_text": "The checksums of the downloads (SHA256SUMS) are signed with the portal's minisign key, key ID", "key_id_check": ". Check that a key has this ID before you trust it.",
		"unsigned_note": "The downloads of this portal are unsigned: their checksums can be checked, but not that they come from this portal.",
		"verify_once":   "once: trust the portal's key after checking that its key ID is",
		"verify_trust":  "shuyuan verify trusts only a key you named or trusted before, never the minisign.pub that comes with the download: whoever replaced the files can replace it too. The QR code of a version's page (shuyuan verify --qr) checks a download offline.",
		"version_of":    "Dataset", "canonical_url": "Permanent address", "released": "Released",
		"qr": "QR code", "qr_alt": "QR code of this version, holding", "qr_payload": "The text of the QR code, to check a download offline",
		"qr_note":  "The QR code holds this version's permanent address, the SHA-256 digest of all its files and the signing key ID.",
		"citation": "Cite this version", "cite_text": "Plain text", "not_current": "This is not the current version. Current version:",
		"no_version_files": "This portal publishes no files for this version.",
	},
}

// enumWords names the values of enumerated fields in each language.
var enumWords = map[string]map[string]string{
	"zh": {
		"unconditional": "无条件开放", "conditional": "有条件开放", "non-open": "不予开放",
		"realtime": "实时", "hourly": "每小时", "daily": "每日", "weekly": "每周", "monthly": "每月",
		"quarterly": "每季度", "yearly": "每年", "irregular": "不定期",
		"string": "文本", "integer": "整数", "number": "数值", "boolean": "布尔", "date": "日期", "datetime": "日期时间",
		"none": "无", "personal": "个人信息", "sensitive": "敏感个人信息",
		"core": "核心数据", "important": "重要数据", "general": "一般数据",
		"full": "全量", "incremental": "增量", "registration": "登记", "business": "业务办理", "sensing": "感知设备", "aggregation": "汇聚",
		"share-api": "共享接口", "verify-api": "核验接口", "batch": "批量交换", "open-platform": "开放平台",
		"download": "下载", "api": "接口", "sandbox": "沙箱", "verification": "核验",
		"public-governance": "公共治理", "public-welfare": "公益事业", "research": "科学研究", "industry": "行业发展", "commercial": "商业使用",
		"per-product": "按产品", "per-call": "按次", "per-time": "按时长", "per-volume": "按数据量",
		"progressive": "超额累进", "volume": "全量适用档位价", "post-paid": "先用后付", "pre-paid": "预付",
		"free": "免费", "charged": "收费",
	},
	"en": {
		"unconditional": "Unconditionally open", "conditional": "Conditionally open", "non-open": "Not open",
		"realtime": "Real time", "hourly": "Hourly", "daily": "Daily", "weekly": "Weekly", "monthly": "Monthly",
		"quarterly": "Quarterly", "yearly": "Yearly", "irregular": "Irregular",
		"string": "text", "integer": "integer", "number": "number", "boolean": "boolean", "date": "date", "datetime": "date-time",
		"none": "None", "personal": "Personal", "sensitive": "Sensitive personal",
		"core": "Core", "important": "Important", "general": "General",
		"full": "Full", "incremental": "Incremental", "registration": "Registration", "business": "Business", "sensing": "Sensing", "aggregation": "Aggregation",
		"share-api": "Sharing API", "verify-api": "Verification API", "batch": "Batch exchange", "open-platform": "Open platform",
		"download": "Download", "api": "API", "sandbox": "Sandbox", "verification": "Verification",
		"public-governance": "Public governance", "public-welfare": "Public welfare", "research": "Research", "industry": "Industry", "commercial": "Commercial",
		"per-product": "Per product", "per-call": "Per call", "per-time": "Per time", "per-volume": "Per volume",
		"progressive": "Progressive (each band at its rate)", "volume": "Volume (whole quantity at the band rate)", "post-paid": "Post-paid", "pre-paid": "Pre-paid",
		"free": "Free", "charged": "Charged",
	},
}

// openMeaning says what each open type means for a reader.
var openMeaning = map[string]map[string]string{
	"zh": {
		"unconditional": "任何人均可直接下载和使用，遵守许可协议即可。",
		"conditional":   "需在线提交申请，经数据提供部门审核同意并签署安全承诺后，按约定方式获取和使用。",
		"non-open":      "仅公开目录信息，数据本身不予开放。",
	},
	"en": {
		"unconditional": "Anyone may download and use it under the licence, without asking.",
		"conditional":   "Apply online; after the department approves and you sign the security commitment, the data is delivered as agreed.",
		"non-open":      "Only the catalog entry is public; the data itself is not opened.",
	},
}

// word names an enumerated value in lang, or returns it unchanged.
func word(lang, v string) string {
	if w, ok := enumWords[lang][v]; ok {
		return w
	}
	return v
}

// deidWords describes a column's de-identification in plain words (deid's
// operator table says how).
func deidWords(lang string, c model.Column) string {
	return deid.Describe(lang, deid.Effective(c))
}

// humanSize formats a byte count, e.g. 1536 → "1.5 KiB".
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
