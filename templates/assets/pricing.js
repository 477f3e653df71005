/* pricing.js: the pricing page's cost calculator. It mirrors generator/pricing: the free
 * quota covers the first units of the period; progressive bands price each unit at its
 * band's rate, volume bands price every billed unit at the rate of the band the whole
 * quantity reaches; unit prices are held to the approved cap; the discount is rounded
 * half up to the fen. Tier bounds count every unit, free ones included. A test in
 * generator/portal runs window.shuyuanPricingCost in Node against the Go code and the
 * page's worked-example table, which stands in for the calculator without JavaScript. */
(function () {
  'use strict';

  // cost returns what units cost under policy p, in fen, after percent off.
  function cost(p, units, percent) {
    var free = Math.min(units, Math.max(p.free_quota || 0, 0));
    var price = function (t) { return p.cap_fen !== null && t.price_fen > p.cap_fen ? p.cap_fen : t.price_fen; };
    var sub = 0;
    if (units > free && p.tiers.length) {
      if (p.scheme === 'volume') {
        var t = p.tiers[p.tiers.length - 1];
        for (var i = 0; i < p.tiers.length; i++) {
          if (p.tiers[i].up_to === null || units <= p.tiers[i].up_to) { t = p.tiers[i]; break; }
        }
        sub = (units - free) * price(t);
      } else {
        var lower = 0;
        for (var j = 0; j < p.tiers.length && lower < units; j++) {
          var tier = p.tiers[j];
          var upper = (tier.up_to !== null && tier.up_to < units && j < p.tiers.length - 1) ? tier.up_to : units;
          var from = Math.max(lower, free);
          if (upper > from) { sub += (upper - from) * price(tier); }
          lower = Math.max(lower, upper);
        }
      }
    }
    var bp = Math.floor(percent * 100 + 0.5);
    return sub - Math.floor((sub * bp + 5000) / 10000);
  }
  window.shuyuanPricingCost = cost;

  var data = document.getElementById('pricing-data');
  var box = document.getElementById('calc');
  if (!data || !box) { return; }
  var policies = JSON.parse(data.textContent);
  var form = box.querySelector('form');
  var qty = document.getElementById('calc-qty');
  var pol = document.getElementById('calc-policy');
  var disc = document.getElementById('calc-discount');
  var out = document.getElementById('calc-out');
  var none = disc.options.length ? disc.options[0].textContent : '';

  function yuan(fen) { return '¥' + (fen / 100).toFixed(2); }

  function fillDiscounts() {
    var p = policies[pol.selectedIndex];
    while (disc.options.length) { disc.remove(0); }
    disc.add(new Option(none, '0'));
    (p.discounts || []).forEach(function (d) { disc.add(new Option(d.label + ' −' + d.percent + '%', String(d.percent))); });
  }

  function update() {
    var units = Math.max(0, Math.floor(Number(qty.value) || 0));
    var p = policies[pol.selectedIndex];
    out.textContent = yuan(cost(p, units, Number(disc.value) || 0));
  }

  policies.forEach(function (p) { pol.add(new Option(p.name, p.id)); });
  fillDiscounts();
  pol.addEventListener('change', function () { fillDiscounts(); update(); });
  qty.addEventListener('input', update);
  disc.addEventListener('change', update);
  form.addEventListener('submit', function (ev) { ev.preventDefault(); update(); });
  box.hidden = false;
  update();
}());
