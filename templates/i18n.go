package templates

import "embed"

// I18N holds the portal's words, one message file per language (i18n/zh.yaml,
// i18n/en.yaml); package generator/present reads them.
//
//go:embed i18n/*.yaml
var I18N embed.FS
