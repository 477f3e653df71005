// Package browsertest checks the built portal in a real browser: Debian's chromium,
// driven by chromedp, against a site built from the default catalog (plus a dataset
// whose text tries to inject markup) and served on 127.0.0.1 by net/http.
//
// It checks that the home, dataset and search pages load with no console error or
// uncaught exception, that Chinese text is drawn with a CJK font (fonts-noto-cjk),
// that search finds a dataset by a two-character Chinese query, that axe-core reports
// no serious or critical accessibility violation on a sample of pages, and that the
// hostile dataset renders inert: no dialog opens, no script element comes from its
// text, no link is javascript: and no element carries an event-handler attribute.
//
// `make test` installs what it needs first (`make browser-deps`: chromium,
// fonts-noto-cjk, and axe-core from npm into .cache/npm). When chromium is missing the
// test skips with a message, and under CI=true it fails instead.
package browsertest
