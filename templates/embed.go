// Package templates holds the portal's html/template files and static assets,
// embedded into the binary: base/ has the layout and partials every page shares,
// pages/ one file per page kind (each defines "content"), assets/ the CSS copied
// into the site as is.
package templates

import "embed"

// FS is the embedded template tree.
//
//go:embed base/*.html pages/*.html assets
var FS embed.FS
