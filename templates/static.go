package templates

import _ "embed"

// SearchJS is the portal's search script, static/search.js; the search package writes
// it into the site next to the index it reads.
//
//go:embed static/search.js
var SearchJS []byte
