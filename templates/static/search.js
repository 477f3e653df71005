/*
 * search.js: client-side search of the shuyuan portal's static index.
 * Built by generator/search (see its package doc for the index format: meta.json, 64 term
 * shards NN.json, doc chunks d<k>.json; and for the term rules, which this file mirrors); copied to <site>/search/search.js. No framework, no eval,
 * no inline script needed, and nothing from the index is ever parsed as HTML: results
 * are built with createElement/textContent, and links must resolve to http(s).
 *
 * Contract with the page (templates/):
 *   <html lang="zh-CN">           the language: the index read is search/<lang>/, <lang>
 *                                 being the part before "-" (zh, en).
 *   <form id="search-form">       the search form, method GET; without JavaScript its
 *     <input id="q" name="q">     action (the full dataset list) receives the query.
 *                                 (A form that merely contains #q works too.)
 *   <… id="search-results">       where results go (id="results" is accepted too). When
 *                                 the page has one, the script reads ?q= on load, searches,
 *                                 renders there, and handles the form's submit in place.
 *                                 Without one (e.g. the home page), a form with
 *                                 data-search-page="URL" is sent to that URL instead.
 *   data-index="URL" on #q        optional URL of the search/ directory; by default the
 *                                 directory of this script.
 * Load it with <script src=".../search/search.js" defer></script>.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var HAN = /\p{Script=Han}/u;
  var WORD = /[\p{L}\p{Nd}]/u;
  var STOP = {};
  ['a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'in', 'is', 'it', 'of',
    'on', 'or', 'the', 'to', 'with'].forEach(function (w) { STOP[w] = true; });
  var MAX_RESULTS = 100;
  var MESSAGES = {
    zh: {
      found: function (n, q) { return '“' + q + '”共找到 ' + n + ' 个结果'; },
      none: function (q) { return '没有找到与“' + q + '”相关的内容。'; },
      more: function (n) { return '仅显示前 ' + n + ' 个结果，请输入更多关键词缩小范围。'; },
      failed: '搜索索引无法加载，请稍后再试，或浏览全部数据集列表。',
      searching: '正在搜索…'
    },
    en: {
      found: function (n, q) { return n + (n === 1 ? ' result' : ' results') + ' for “' + q + '”'; },
      none: function (q) { return 'Nothing matches “' + q + '”.'; },
      more: function (n) { return 'Showing the first ' + n + ' results; add words to narrow the search.'; },
      failed: 'The search index could not be loaded; try again later, or browse the full list of datasets.',
      searching: 'Searching…'
    }
  };

  function stem(w) {
    if (Array.from(w).length < 4 || w.charAt(w.length - 1) !== 's') { return w; }
    var p = w.charAt(w.length - 2);
    if (p === 's' || p === 'u' || p === 'i') { return w; }
    return w.slice(0, -1);
  }

  // terms mirrors generator/search.terms.
  function terms(s, query) {
    s = s.normalize('NFKC').toLowerCase();
    var out = [], han = [], word = '';
    function flushHan() {
      if (!han.length) { return; }
      var i;
      if (!query || han.length === 1) {
        for (i = 0; i < han.length; i++) { out.push(han[i]); }
      }
      for (i = 0; i + 1 < han.length; i++) { out.push(han[i] + han[i + 1]); }
      han = [];
    }
    function flushWord() {
      if (!word) { return; }
      if (!STOP[word]) { out.push(stem(word)); }
      word = '';
    }
    Array.from(s).forEach(function (ch) {
      if (HAN.test(ch)) {
        flushWord();
        han.push(ch);
      } else if (WORD.test(ch)) {
        flushHan();
        word += ch;
      } else {
        flushHan();
        flushWord();
      }
    });
    flushHan();
    flushWord();
    return out;
  }

  // shardOf is FNV-1a 32 of the term's UTF-8 bytes, modulo the shard count.
  function shardOf(term, n) {
    var b = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) {
      h ^= b[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % n;
  }

  function pad2(n) { return n < 10 ? '0' + n : String(n); }

  // For tests: the term rules, so that a test can compare them with the Go side.
  window.shuyuanSearchTerms = function (s, query) { return terms(s, !!query); };
  window.shuyuanSearchShard = shardOf;

  var input = document.getElementById('q');
  if (!input) { return; }
  var form = document.getElementById('search-form') || input.form;
  var results = document.getElementById('search-results') || document.getElementById('results');
  var lang = (document.documentElement.getAttribute('lang') || 'zh').split('-')[0].toLowerCase();
  var msg = MESSAGES[lang] || MESSAGES.en;
  var dataIndex = input.getAttribute('data-index');
  if (dataIndex && dataIndex.charAt(dataIndex.length - 1) !== '/') { dataIndex += '/'; }
  var indexBase = dataIndex ? new URL(dataIndex, document.baseURI) : new URL('./', script ? script.src : document.baseURI);
  var siteRoot = new URL('../', indexBase);
  var langBase = new URL(encodeURIComponent(lang) + '/', indexBase);

  var cache = {};
  function load(name) {
    if (!cache[name]) {
      cache[name] = fetch(new URL(name, langBase).href, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) { throw new Error(name + ': HTTP ' + r.status); }
        return r.json();
      });
    }
    return cache[name];
  }

  // search returns the ranked hits of q, and the docs of the first MAX_RESULTS of them
  // (only the doc chunks that hold those are fetched).
  function search(q) {
    var ts = [];
    terms(q, true).forEach(function (t) { if (ts.indexOf(t) < 0) { ts.push(t); } });
    return load('meta.json').then(function (meta) {
      if (!ts.length) { return { hits: [], docs: {} }; }
      return Promise.all(ts.map(function (t) {
        return load(pad2(shardOf(t, meta.shards)) + '.json').then(function (shard) {
          return Object.prototype.hasOwnProperty.call(shard, t) ? shard[t] : [];
        });
      })).then(function (lists) {
        var acc = null;
        lists.forEach(function (list) {
          var next = new Map();
          for (var i = 0; i + 1 < list.length; i += 2) {
            var d = list[i], s = list[i + 1];
            if (acc === null) { next.set(d, s); } else if (acc.has(d)) { next.set(d, acc.get(d) + s); }
          }
          acc = next;
        });
        var hits = [];
        acc.forEach(function (score, doc) { hits.push([doc, score]); });
        hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        var chunks = [];
        hits.slice(0, MAX_RESULTS).forEach(function (h) {
          var k = Math.floor(h[0] / meta.chunk);
          if (chunks.indexOf(k) < 0) { chunks.push(k); }
        });
        return Promise.all(chunks.map(function (k) { return load('d' + k + '.json'); })).then(function (tables) {
          var docs = {};
          chunks.forEach(function (k, i) {
            tables[i].forEach(function (d, j) { docs[k * meta.chunk + j] = d; });
          });
          return { hits: hits, docs: docs };
        });
      });
    });
  }

  // safeHref resolves a document URL against the site root and refuses anything that is
  // not http(s).
  function safeHref(u) {
    try {
      var url = new URL(u, siteRoot);
      return (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function render(q, res) {
    results.textContent = '';
    var n = res.hits.length;
    results.appendChild(el('p', 'search-status', n ? msg.found(n, q) : msg.none(q)));
    if (!n) { return; }
    var ol = el('ol', 'search-list');
    res.hits.slice(0, MAX_RESULTS).forEach(function (h) {
      var d = res.docs[h[0]];
      if (!d) { return; }
      var li = el('li');
      if (d.k) { li.appendChild(el('span', 'badge kind', d.k)); li.appendChild(document.createTextNode(' ')); }
      var a = el('a', null, d.t);
      var href = safeHref(d.u);
      if (href) { a.setAttribute('href', href); }
      li.appendChild(a);
      if (d.s) { li.appendChild(el('p', 'search-snippet', d.s)); }
      if (d.f) {
        var vals = Object.keys(d.f).sort().map(function (k) { return d.f[k]; }).filter(Boolean);
        if (vals.length) { li.appendChild(el('p', 'search-facets', vals.join(' · '))); }
      }
      ol.appendChild(li);
    });
    results.appendChild(ol);
    if (n > MAX_RESULTS) { results.appendChild(el('p', 'search-more', msg.more(MAX_RESULTS))); }
  }

  function run(q) {
    q = q.trim();
    if (!q) { results.textContent = ''; return; }
    results.setAttribute('aria-busy', 'true');
    results.textContent = '';
    results.appendChild(el('p', 'search-status', msg.searching));
    search(q).then(function (res) {
      render(q, res);
    }, function () {
      results.textContent = '';
      results.appendChild(el('p', 'search-status', msg.failed));
    }).then(function () {
      results.removeAttribute('aria-busy');
      document.documentElement.setAttribute('data-search-done', q);
    });
  }

  if (results) {
    var q = new URLSearchParams(window.location.search).get('q') || '';
    if (q) {
      input.value = q;
      run(q);
    }
    if (form) {
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var url = new URL(window.location.href);
        url.searchParams.set('q', input.value);
        window.history.replaceState(null, '', url.href);
        run(input.value);
      });
    }
  } else if (form && form.getAttribute('data-search-page')) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var url = new URL(form.getAttribute('data-search-page'), document.baseURI);
      url.searchParams.set('q', input.value);
      window.location.assign(url.href);
    });
  }
}());
