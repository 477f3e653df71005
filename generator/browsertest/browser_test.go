package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/search"
)

// need skips the test when a tool is missing, or fails it under CI=true.
func need(t *testing.T, what, hint string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s: %v (CI=true: not skipping; %s)", what, err, hint)
	}
	t.Skipf("%s: %v; %s", what, err, hint)
}

// dialogHook records every alert/confirm/prompt instead of opening it, so that a
// script that ran is seen even if the browser would block on the dialog.
const dialogHook = `(() => {
  window.__dialogs = [];
  for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = (m) => { window.__dialogs.push(name + ':' + m); return null; };
  }
})();`

// browser holds one headless chromium tab and what it reported.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	dialogs []string
}

func startBrowser(t *testing.T, base string) *browser {
	t.Helper()
	exe, err := exec.LookPath("chromium")
	need(t, "chromium not installed", "run `make browser-deps` (Debian's chromium and fonts-noto-cjk)", err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900),
	)
	// One deadline for the whole browser session: the test binary's own (go test -timeout,
	// 10 minutes by default) less a minute to report, so a loaded CI machine slows the test
	// down instead of failing it; a hung page still fails well before go test kills the binary.
	deadline, ok := t.Deadline()
	if !ok {
		deadline = time.Now().Add(10 * time.Minute)
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline.Add(-time.Minute))
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	b := &browser{t: t, ctx: bctx, base: base}

	console := chromedp.Console(bctx)
	dialogs := chromedp.Events(bctx, page.JavascriptDialogOpening)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Message)
			b.mu.Unlock()
			_, _ = chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	if _, err := chromedp.Call(bctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: dialogHook}); err != nil {
		// Installed but not starting is a failure, never a skip.
		t.Fatalf("chromium (%s) does not start: %v; check that `chromium --headless --no-sandbox` runs on this machine", exe, err)
	}
	return b
}

// open loads a page (path relative to the site root) and waits until it is loaded.
func (b *browser) open(path string) {
	b.t.Helper()
	b.mu.Lock()
	b.console = nil
	b.mu.Unlock()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(b.base+path)); err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	// Right after a navigation the poll can land in the previous document's execution
	// context, which Chromium has just destroyed; poll again in the new one.
	for attempt := 0; ; attempt++ {
		_, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.readyState === 'complete'`, chromedp.WithPollingTimeout(10*time.Second)))
		if err == nil {
			return
		}
		if attempt < 3 && strings.Contains(err.Error(), "Cannot find context with specified id") {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		b.t.Fatalf("open %s: %v", path, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, expr string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		b.t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}

// noConsoleErrors fails for any console error or uncaught exception since the last open,
// and for any dialog ever opened.
func (b *browser) noConsoleErrors(path string) {
	b.t.Helper()
	time.Sleep(150 * time.Millisecond) // let late messages (deferred scripts, fetches) arrive
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
			if strings.Contains(m.URL, "favicon.ico") || strings.Contains(m.Text, "favicon.ico") {
				continue // no favicon on purpose; not an error of the page
			}
			b.t.Errorf("%s: console %s: %s (%s:%d)", path, m.Type, m.Text, m.URL, m.Line)
		}
	}
	for _, d := range b.dialogs {
		b.t.Errorf("%s: a dialog opened: %q", path, d)
	}
}

// waitSearch waits until search.js has rendered the results of q.
func (b *browser) waitSearch(q string) {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Poll[bool](
		`document.documentElement.getAttribute('data-search-done') === `+jsString(q),
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		b.t.Fatalf("search %q did not finish: %v", q, err)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "<", `\x3c`)
	return "'" + r.Replace(s) + "'"
}

// resultLinks are the hrefs of the rendered search results.
const resultLinks = `Array.from(document.querySelectorAll('#search-results a, #results a')).map(a => a.getAttribute('href'))`

func TestPortalInBrowser(t *testing.T) {
	start := time.Now()
	site := buildSite(t)
	t.Logf("built the default catalog in %s", time.Since(start).Round(time.Millisecond))
	srv := httptest.NewServer(http.FileServer(http.Dir(site.dir)))
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("test server not on 127.0.0.1: %s", srv.URL)
	}
	b := startBrowser(t, srv.URL+"/")
	targetID, query := searchTarget(site.cat)
	if targetID == "" {
		t.Fatal("no dataset with a two-character Chinese title in the default catalog")
	}
	dsPage := "datasets/" + targetID + "/"

	// The checks below must be able to fail: a page with live injected markup and a
	// console error must trip them.
	t.Run("checks detect live markup and console errors", func(t *testing.T) {
		b.t = t
		evil := `<!DOCTYPE html><html lang="en"><title>control</title><body><p>Injection probe</p>` +
			`<img src=x onerror="alert(3)"><a href="javascript:alert(2)">x</a><script>console.error('control error')</script></body></html>`
		if err := os.WriteFile(filepath.Join(site.dir, "control.html"), []byte(evil), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(filepath.Join(site.dir, "control.html"))
		b.open("control.html")
		time.Sleep(150 * time.Millisecond)
		checks := eval[map[string]any](b, inertChecks)
		for _, k := range []string{"dialogs", "inlineScripts", "jsLinks", "handlers"} {
			if v, _ := checks[k].([]any); len(v) == 0 {
				t.Errorf("control page: %s not detected", k)
			}
		}
		b.mu.Lock()
		errs := 0
		for _, m := range b.console {
			if m.Type == chromedp.ConsoleError && strings.Contains(m.Text, "control error") {
				errs++
			}
		}
		b.console = nil
		b.mu.Unlock()
		if errs != 1 {
			t.Errorf("control page: console error seen %d times, want 1", errs)
		}
	})

	t.Run("pages load without console errors", func(t *testing.T) {
		b.t = t
		for _, p := range []string{"", dsPage, "search/", "en/", "en/" + dsPage, "en/search/"} {
			b.open(p)
			if title := eval[string](b, `document.title`); title == "" {
				t.Errorf("%s: empty title", p)
			}
			b.noConsoleErrors(p)
		}
	})

	t.Run("Chinese text renders with a CJK font", func(t *testing.T) {
		b.t = t
		out, err := exec.Command("fc-list", ":lang=zh", "family").Output()
		need(t, "fc-list failed", "install fontconfig and fonts-noto-cjk (`make browser-deps`)", err)
		if !strings.Contains(string(out), "Noto Sans CJK") && !strings.Contains(string(out), "Noto Serif CJK") {
			need(t, "fonts-noto-cjk not installed", "run `make browser-deps`", os.ErrNotExist)
		}
		b.open(dsPage)
		if w := eval[float64](b, `(() => { const s = document.createElement('span'); s.textContent = '数'; document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; })()`); w <= 0 {
			t.Errorf("a CJK glyph has width %v", w)
		}
		if _, err := chromedp.Call(b.ctx, dom.Enable, dom.EnableParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(b.ctx, css.Enable, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		nodes, err := chromedp.Run(b.ctx, chromedp.Nodes(chromedp.CSS("h1")))
		if err != nil || len(nodes) == 0 {
			t.Fatalf("no h1 on %s: %v", dsPage, err)
		}
		fonts, err := chromedp.Call(b.ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: nodes[0].NodeID})
		if err != nil {
			t.Fatal(err)
		}
		var used []string
		cjk := false
		for _, f := range fonts.Fonts {
			used = append(used, f.FamilyName)
			if strings.Contains(f.FamilyName, "CJK") && f.GlyphCount > 0 {
				cjk = true
			}
		}
		if !cjk {
			t.Errorf("the Chinese h1 is drawn with %v, not a CJK font", used)
		}
	})

	t.Run("search finds a dataset by a two-character Chinese query", func(t *testing.T) {
		b.t = t
		// From the URL, as a link to the search page would.
		b.open("search/?q=" + url.QueryEscape(query))
		b.waitSearch(query)
		links := eval[[]string](b, resultLinks)
		t.Logf("search %q: %d results, first %v", query, len(links), links[:min(3, len(links))])
		if !containsSuffix(links, "/"+dsPage) {
			t.Errorf("search %q: results %v lack %s", query, links, dsPage)
		}
		// By typing into the form and pressing the button.
		b.open("search/")
		if err := chromedp.Do(b.ctx,
			chromedp.SendKeys(chromedp.ID("q"), query),
			chromedp.Click(chromedp.CSS(`form[role="search"] button, #search-form button`)),
		); err != nil {
			t.Fatal(err)
		}
		b.waitSearch(query)
		links = eval[[]string](b, resultLinks)
		if !containsSuffix(links, "/"+dsPage) {
			t.Errorf("typed search %q: results %v lack %s", query, links, dsPage)
		}
		b.noConsoleErrors("search/")
		// The script's term rules agree with the index builder's.
		for _, s := range []string{"轨道交通站点客流 Metro ridership", "ＡＢＣ数据2026年，出租车 trips"} {
			for _, q := range []bool{false, true} {
				got := eval[[]string](b, "window.shuyuanSearchTerms("+jsString(s)+", "+map[bool]string{false: "false", true: "true"}[q]+")")
				want := search.Terms(s)
				if q {
					want = search.QueryTerms(s)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("terms of %q (query %v): browser %q, Go %q", s, q, got, want)
				}
			}
		}
	})

	t.Run("hostile dataset renders inert", func(t *testing.T) {
		b.t = t
		for _, p := range []string{"datasets/" + probeID + "/", "en/datasets/" + probeID + "/", "search/?q=" + url.QueryEscape("注入探针"), "en/search/?q=injection"} {
			b.open(p)
			if strings.Contains(p, "?q=") {
				q, _ := url.ParseQuery(p[strings.Index(p, "?")+1:])
				b.waitSearch(q.Get("q"))
				if links := eval[[]string](b, resultLinks); !containsSuffix(links, "/datasets/"+probeID+"/") {
					t.Errorf("%s: the probe is not found (%v)", p, links)
				}
			}
			time.Sleep(100 * time.Millisecond) // an injected handler (img onerror) would have fired by now
			checks := eval[map[string]any](b, inertChecks)
			for _, k := range []string{"dialogs", "inlineScripts", "foreignScripts", "jsLinks", "handlers"} {
				if v, _ := checks[k].([]any); len(v) > 0 {
					t.Errorf("%s: %s: %v", p, k, v)
				}
			}
			if n, _ := checks["injected"].(float64); n > 0 {
				t.Errorf("%s: %v elements from the dataset's markup were created", p, n)
			}
			if checks["text"] != true {
				t.Errorf("%s: the probe's title is not shown as text", p)
			}
			// JSON-LD blocks must stay data: parseable, and not closing their script element.
			if bad := eval[[]string](b, `Array.from(document.querySelectorAll('script[type="application/ld+json"]')).filter(s => { try { JSON.parse(s.textContent); return false } catch (e) { return true } }).map(s => s.textContent.slice(0, 80))`); len(bad) > 0 {
				t.Errorf("%s: JSON-LD does not parse: %v", p, bad)
			}
			b.noConsoleErrors(p)
		}
	})

	t.Run("apply and report links carry the dataset and work without JavaScript", func(t *testing.T) {
		b.t = t
		var cond *model.Dataset
		for _, d := range site.cat.Datasets {
			if d.V.OpenType == model.OpenConditional && d.V.Status != model.StatusDraft && d.V.Access != nil && d.V.Access.Application != nil {
				cond = d.V
				break
			}
		}
		if cond == nil {
			t.Fatal("the default catalog has no conditional dataset with an application block")
		}
		forms := b.withoutJavaScript(t)
		// the search page's script would mark the page done: it must not run now
		b.open("search/?q=" + url.QueryEscape(query))
		time.Sleep(500 * time.Millisecond)
		if eval[bool](b, `document.documentElement.hasAttribute('data-search-done')`) {
			t.Fatal("the search page's script ran although JavaScript is disabled")
		}
		for _, c := range []struct {
			page, link, form string
			want             map[string]string
		}{
			{"datasets/" + cond.ID + "/", "申请使用", "data-application.yml", map[string]string{"dataset": cond.ID, "version": cond.Version}},
			{"en/datasets/" + cond.ID + "/", "Apply for access", "data-application.yml", map[string]string{"dataset": cond.ID, "version": cond.Version}},
			{"datasets/" + cond.ID + "/", "报告数据问题（数据异议）", "data-objection.yml", map[string]string{"dataset": cond.ID, "version": cond.Version}},
			{dsPage, "报告数据问题（数据异议）", "data-objection.yml", map[string]string{"dataset": targetID, "version": site.cat.Dataset(targetID).V.Version}},
			{"elements/" + site.cat.Elements[0].V.ID + "/", "报告数据问题（数据异议）", "data-objection.yml", map[string]string{"element": site.cat.Elements[0].V.ID, "version": site.cat.Elements[0].V.Version}},
		} {
			b.open(c.page)
			for len(forms) > 0 { // nothing left over from the previous click
				<-forms
			}
			// a real click on the link, as a reader without JavaScript would make it
			sel := fmt.Sprintf(`//a[normalize-space(.)=%q]`, c.link)
			if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.Search(sel), chromedp.NodeVisible)); err != nil {
				t.Fatalf("%s: click %q: %v", c.page, c.link, err)
			}
			var got string
			select {
			case got = <-forms:
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: clicking %q opened nothing on github.com", c.page, c.link)
			}
			// let the stub form finish loading, or its navigation could abort the next open
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				// (an evaluation can fail while the page changes: try again)
				if loc, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href`)); err == nil && strings.HasPrefix(loc, "https://github.com/") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: the form %s did not load after clicking %q", c.page, got, c.link)
				}
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			if !strings.HasSuffix(u.Path, "/issues/new") || q.Get("template") != c.form {
				t.Errorf("%s: %q opened %s, not the %s form", c.page, c.link, got, c.form)
			}
			for k, v := range c.want {
				if q.Get(k) != v {
					t.Errorf("%s: %q opened the form with %s=%q, want %q (%s)", c.page, c.link, k, q.Get(k), v, got)
				}
			}
			t.Logf("%s: %q opens %s", c.page, c.link, got)
		}
	})

	t.Run("axe-core finds no serious or critical violation", func(t *testing.T) {
		b.t = t
		axePath := filepath.Join(repoRoot(t), ".cache/npm/node_modules/axe-core/axe.min.js")
		axe, err := os.ReadFile(axePath)
		need(t, "axe-core not installed", "run `make browser-deps` (npm axe-core into .cache/npm)", err)
		for _, p := range []string{"", dsPage, "search/?q=" + url.QueryEscape(query), "stats/", "pricing/", "elements/", "en/" + dsPage} {
			b.open(p)
			if strings.Contains(p, "?q=") {
				b.waitSearch(query)
			}
			began := time.Now()
			eval[chromedp.Void](b, string(axe))
			type violation struct {
				ID, Impact, Help string
				Nodes            []string
			}
			vs := eval[[]violation](b, `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.html || '').slice(0, 100)),
})))`, chromedp.EvalAwaitPromise)
			for _, v := range vs {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s: axe %s (%s): %s at %v", p, v.ID, v.Impact, v.Help, v.Nodes)
				} else {
					t.Logf("%s: axe %s (%s): %s", p, v.ID, v.Impact, v.Help)
				}
			}
			t.Logf("%s: axe took %s", p, time.Since(began).Round(time.Millisecond))
		}
	})
	t.Run("every page type at 1366 and 390 px: no serious axe violation, no overflow", func(t *testing.T) {
		b.t = t
		axe, err := os.ReadFile(filepath.Join(repoRoot(t), ".cache/npm/node_modules/axe-core/axe.min.js"))
		need(t, "axe-core not installed", "run `make browser-deps` (npm axe-core into .cache/npm)", err)
		dir := os.Getenv("SHUYUAN_SCREENSHOTS")
		if dir == "" {
			dir = t.ArtifactDir()
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		pages := pageTypes(t, site.cat, query)
		for _, width := range []int64{1366, 390} {
			if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(width, 900)); err != nil {
				t.Fatal(err)
			}
			for _, lang := range []string{"", "en/"} {
				for _, pt := range pages {
					p := lang + pt.path
					b.open(p)
					if strings.Contains(p, "?q=") {
						b.waitSearch(query)
					}
					if sw, iw := eval[float64](b, `document.scrollingElement.scrollWidth`), eval[float64](b, `window.innerWidth`); sw > iw {
						wide := eval[[]string](b, `Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))`)
						t.Errorf("%s at %d px: the page is %v px wide (horizontal overflow): %v", p, width, sw, wide)
					}
					eval[chromedp.Void](b, string(axe))
					type violation struct {
						ID, Impact, Help string
						Nodes            []string
					}
					vs := eval[[]violation](b, `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.html || '').slice(0, 100)),
})))`, chromedp.EvalAwaitPromise)
					for _, v := range vs {
						if v.Impact == "serious" || v.Impact == "critical" {
							t.Errorf("%s at %d px: axe %s (%s): %s at %v", p, width, v.ID, v.Impact, v.Help, v.Nodes)
						}
					}
					png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatalf("screenshot of %s: %v", p, err)
					}
					name := fmt.Sprintf("%s%s-%d.png", strings.TrimSuffix(lang, "/")+map[bool]string{true: "-", false: ""}[lang != ""], pt.name, width)
					if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		t.Logf("screenshots of %d pages at 1366 and 390 px, zh and en, in %s", len(pages), dir)
	})
	t.Logf("browser test took %s", time.Since(start).Round(time.Millisecond))
}

// withoutJavaScript turns the tab's scripts off until the test ends and answers
// every request to github.com with a stub page instead of leaving the machine;
// the addresses asked for arrive on the channel.
func (b *browser) withoutJavaScript(t *testing.T) <-chan string {
	t.Helper()
	asked := make(chan string, 8)
	ectx, stop := context.WithCancel(b.ctx)
	paused := chromedp.Events(ectx, fetch.RequestPaused)
	stub := []byte("<!DOCTYPE html><title>issue form stub</title><p>stub")
	go func() {
		for e, err := range paused {
			if err != nil {
				return
			}
			// Only navigations count: after a stub page loads, Chromium also asks
			// github.com for /favicon.ico, which must not pass for the next click's form.
			if e.ResourceType == network.ResourceTypeDocument {
				select {
				case asked <- e.Request.URL:
				default:
				}
			}
			_, _ = chromedp.Call(b.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: e.RequestID, ResponseCode: 200,
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}, Body: stub})
		}
	}()
	if _, err := chromedp.Call(b.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "https://github.com/*", RequestStage: fetch.RequestStageRequest}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop()
		if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
			t.Errorf("turning JavaScript back on: %v", err)
		}
		if _, err := chromedp.Call(b.ctx, fetch.Disable, cdp.Empty{}); err != nil {
			t.Errorf("stopping the interception: %v", err)
		}
	})
	return asked
}

// pageType is one kind of page and the path of an example of it.
type pageType struct{ name, path string }

// pageTypes are an example of every kind of page of the default catalog.
func pageTypes(t *testing.T, cat *load.Catalog, query string) []pageType {
	t.Helper()
	pages := []pageType{{"home", ""}, {"list", "datasets/"}, {"list-filtered", "datasets/open-type/conditional/sort/updated/"},
		{"themes", "themes/"}, {"departments", "departments/"}, {"elements", "elements/"}, {"pricing", "pricing/"},
		{"guides", "guide/"}, {"search", "search/?q=" + url.QueryEscape(query)}, {"stats", "stats/"}, {"interfaces", "interfaces/"}, {"404", "404.html"}}
	seen := map[string]bool{}
	for _, d := range cat.Datasets {
		if d.V.Status == model.StatusDraft || d.V.ID == probeID || seen[d.V.OpenType] {
			continue
		}
		seen[d.V.OpenType] = true
		pages = append(pages, pageType{"dataset-" + d.V.OpenType, "datasets/" + d.V.ID + "/"})
	}
	if len(seen) != 3 {
		t.Fatalf("the default catalog lacks an open type: %v", seen)
	}
	pages = append(pages, pageType{"element", "elements/" + cat.Elements[0].V.ID + "/"},
		pageType{"department", "departments/" + cat.Datasets[0].V.Department + "/"},
		pageType{"theme", "themes/" + cat.Portal.V.Themes[0].ID + "/"},
		pageType{"guide", "guide/" + cat.Guides[0].Slug + "/"})
	return pages
}

// inertChecks collects every sign that markup from data became live.
const inertChecks = `(() => {
  const all = Array.from(document.querySelectorAll('*'));
  return {
    dialogs: window.__dialogs || [],
    inlineScripts: Array.from(document.scripts).filter(s => !s.src && s.type !== 'application/ld+json').map(s => s.outerHTML.slice(0, 80)),
    foreignScripts: Array.from(document.scripts).filter(s => s.src && new URL(s.src).origin !== location.origin).map(s => s.src),
    jsLinks: Array.from(document.querySelectorAll('[href],[src],[action],[formaction]')).filter(e => /^\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || e.getAttribute('formaction') || '')).map(e => e.outerHTML.slice(0, 80)),
    handlers: all.filter(e => Array.from(e.attributes).some(a => /^on/i.test(a.name))).map(e => e.outerHTML.slice(0, 80)),
    injected: document.querySelectorAll('img[src="x"], svg[onload], b[onmouseover]').length,
    text: document.body.innerText.includes('注入探针') || document.body.innerText.includes('Injection probe'),
  };
})()`

func containsSuffix(links []string, suffix string) bool {
	for _, l := range links {
		if strings.HasSuffix(l, suffix) {
			return true
		}
	}
	return false
}
