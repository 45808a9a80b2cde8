# Independent reference values for lib/stats, written without looking at the TypeScript code paths:
# agreement statistics from their textbook definitions in exact rational arithmetic (fractions),
# naive O(n²) coincidence matrices for Krippendorff's alpha; quantiles, intervals, power and p-values
# with mpmath at 50 significant digits (root finding on the defining equations, exact binomial and
# hypergeometric sums). Regenerate with:  python3 lib/stats/reference/generate.py
# (needs mpmath and scipy for starting points; writes lib/stats/reference/cases.json).
import json, random, math
from fractions import Fraction as F
from mpmath import mp, mpf, sqrt, ncdf, findroot, betainc, asin, log, quad, binomial, exp
mp.dps = 50
rng = random.Random(12345)

def qnorm(p):
    p = mpf(p)
    x0 = mpf(-1.0) if p < 0.5 else mpf(1.0)
    from scipy.stats import norm
    x0 = mpf(float(norm.ppf(float(p))))
    return findroot(lambda x: ncdf(x) - p, x0)

def kripp(data, level):
    # naive coincidence matrix with Fractions
    units = list(zip(*data))
    vals = sorted({v for u in units for v in u if v is not None and sum(x is not None for x in u) >= 2}, key=lambda v: (isinstance(v, str), v))
    idx = {v: i for i, v in enumerate(vals)}
    k = len(vals)
    o = [[F(0)] * k for _ in range(k)]
    for u in units:
        vs = [v for v in u if v is not None]
        m = len(vs)
        if m < 2: continue
        for i in range(m):
            for j in range(m):
                if i != j: o[idx[vs[i]]][idx[vs[j]]] += F(1, m - 1)
    nc = [sum(row) for row in o]
    n = sum(nc)
    def d2(c, kk):
        a, b = vals[c], vals[kk]
        if level == 'nominal': return F(0) if c == kk else F(1)
        if level == 'interval': return F(a - b) ** 2
        if level == 'ratio': return F(0) if a == b else (F(a - b) / F(a + b)) ** 2
        lo, hi = min(c, kk), max(c, kk)
        return (sum(nc[lo:hi + 1]) - (nc[c] + nc[kk]) / 2) ** 2
    Do = sum(o[c][kk] * d2(c, kk) for c in range(k) for kk in range(k))
    De = sum(nc[c] * nc[kk] * d2(c, kk) for c in range(k) for kk in range(k))
    if De == 0: return 1.0
    return float(1 - (n - 1) * Do / De)

def cohen(r1, r2, weights):
    pairs = [(a, b) for a, b in zip(r1, r2) if a is not None and b is not None]
    cats = sorted({v for p in pairs for v in p})
    k = len(cats); idx = {v: i for i, v in enumerate(cats)}; n = len(pairs)
    def w(i, j):
        if weights == 'unweighted': return F(1 if i == j else 0)
        if weights == 'linear': return 1 - F(abs(i - j), k - 1)
        return 1 - F((i - j) ** 2, (k - 1) ** 2)
    t = [[0] * k for _ in range(k)]
    for a, b in pairs: t[idx[a]][idx[b]] += 1
    rs = [sum(t[i]) for i in range(k)]; cs = [sum(t[i][j] for i in range(k)) for j in range(k)]
    po = sum(w(i, j) * F(t[i][j], n) for i in range(k) for j in range(k))
    pe = sum(w(i, j) * F(rs[i] * cs[j], n * n) for i in range(k) for j in range(k))
    return dict(kappa=float((po - pe) / (1 - pe)), po=float(po), pe=float(pe))

def fleiss(rows):
    rows = [r for r in rows if all(v is not None for v in r)]
    cats = sorted({v for r in rows for v in r}); m = len(rows[0]); N = len(rows)
    nij = [[r.count(c) for c in cats] for r in rows]
    pj = [F(sum(x[j] for x in nij), N * m) for j in range(len(cats))]
    Pi = [F(sum(v * v for v in x) - m, m * (m - 1)) for x in nij]
    Pbar = sum(Pi) / N; Pe = sum(p * p for p in pj)
    per = []
    for j in range(len(cats)):
        den = N * m * (m - 1) * pj[j] * (1 - pj[j])
        per.append(1.0 if den == 0 else float(1 - sum(x[j] * (m - x[j]) for x in nij) / den))
    return dict(kappa=float((Pbar - Pe) / (1 - Pe)), po=float(Pbar), pe=float(Pe), perCategory=per)

def ac1(rows, cats=None):
    if cats is None: cats = sorted({v for r in rows for v in r if v is not None})
    q = len(cats)
    rows = [r for r in rows if any(v is not None for v in r)]
    n = len(rows); pa = F(0); n2 = 0; pi = [F(0)] * q
    for r in rows:
        vs = [v for v in r if v is not None]; ri = len(vs)
        cnt = [vs.count(c) for c in cats]
        for k in range(q): pi[k] += F(cnt[k], ri * n)
        if ri >= 2:
            n2 += 1; pa += sum(F(c * (c - 1), ri * (ri - 1)) for c in cnt)
    pa /= n2; pe = sum(p * (1 - p) for p in pi) / (q - 1)
    return dict(ac1=float((pa - pe) / (1 - pe)), pa=float(pa), pe=float(pe))

def pct(rows, tol):
    comp = [r for r in rows if all(v is not None for v in r)]
    def ag(a, b): return a == b or (tol > 0 and isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and abs(a - b) <= tol)
    allag = sum(1 for r in comp if all(ag(a, b) for a in r for b in r))
    shares = []
    for r in rows:
        vs = [v for v in r if v is not None]
        if len(vs) < 2: continue
        pairs = [(vs[i], vs[j]) for i in range(len(vs)) for j in range(i + 1, len(vs))]
        shares.append(F(sum(ag(a, b) for a, b in pairs), len(pairs)))
    return dict(allRatersAgree=float(F(allag, len(comp))), subjectsUsed=len(comp), pairwise=float(sum(shares) / len(shares)))

def wilson(x, n, c):
    z = -qnorm((1 - mpf(c)) / 2); x = mpf(x); n = mpf(n)
    cen = (2 * x + z * z); rad = z * sqrt(z * z + 4 * x * (n - x) / n); den = 2 * (n + z * z)
    return dict(lower=float((cen - rad) / den) if x > 0 else 0.0, upper=float((cen + rad) / den) if x < n else 1.0)

def ibeta_int(a, b, x):
    # I_x(a, b) for integers a, b >= 1: P(Bin(a+b-1, x) >= a)
    n = a + b - 1
    if a - 1 <= n - a + 1:
        lower = sum(binomial(n, k) * x ** k * (1 - x) ** (n - k) for k in range(0, a))
        return 1 - lower
    return sum(binomial(n, k) * x ** k * (1 - x) ** (n - k) for k in range(a, n + 1))

def betaq(p, a, b):
    p = mpf(p)
    from scipy.special import betaincinv
    x0 = mpf(float(betaincinv(a, b, float(p))))
    f = lambda x: ibeta_int(a, b, x) - p
    return findroot(f, x0, solver='secant', tol=mpf(10) ** -80, verify=False)

def cp(x, n, c):
    t = (1 - mpf(c)) / 2
    return dict(lower=0.0 if x == 0 else float(betaq(t, x, n - x + 1)), upper=1.0 if x == n else float(betaq(1 - t, x + 1, n - x)))

def cochran(p, e, c, N):
    z = -qnorm((1 - mpf(c)) / 2); n0 = z * z * mpf(p) * (1 - mpf(p)) / (mpf(e) ** 2)
    n = n0 if N is None else n0 / (1 + (n0 - 1) / N)
    return dict(z=float(z), n0=float(n0), n=float(n), required=int(mp.ceil(n)))

def discovery(p, c, N=None, M=None):
    tgt = 1 - F(c)
    if M is None:
        keep = 1 - F(p)
        n = max(1, int(math.floor(math.log1p(-c) / math.log1p(-p))) - 2)
        while keep ** n > tgt: n += 1
        while n > 1 and keep ** (n - 1) <= tgt: n -= 1
        return dict(required=n, probabilityOfDetection=float(1 - mpf(keep.numerator) ** n / mpf(keep.denominator) ** n))
    miss = F(1); n = 0
    while miss > tgt:
        miss *= F(N - M - n, N - n); n += 1
    return dict(required=n, probabilityOfDetection=float(1 - miss))

def twoprop(p1, p2, alpha, power, alt, method):
    s = 2 if alt == 'two-sided' else 1
    p1 = mpf(p1); p2 = mpf(p2)
    za = -qnorm(mpf(alpha) / s); zb = qnorm(mpf(power))
    if method == 'cohen-h':
        h = abs(2 * asin(sqrt(p1)) - 2 * asin(sqrt(p2)))
        if s == 1: t = za + zb
        else: t = findroot(lambda t: ncdf(t - za) + ncdf(-t - za) - mpf(power), za + zb)
        n = 2 * t * t / (h * h)
    else:
        pb = (p1 + p2) / 2; d = abs(p1 - p2)
        n = ((za * sqrt(2 * pb * (1 - pb)) + zb * sqrt(p1 * (1 - p1) + p2 * (1 - p2))) / d) ** 2
        if method == 'continuity-corrected': n = n / 4 * (1 + sqrt(1 + 4 / (n * d))) ** 2
    return dict(perGroup=float(n), perGroupRequired=int(mp.ceil(n)))

def ztest(xb, nb, xc, nc, alt):
    N = nb + nc; X = xb + xc
    if X == 0 or X == N: return dict(z=0.0, chiSquare=0.0, pValue=1.0)
    pb = mpf(xb) / nb; pc = mpf(xc) / nc; pp = mpf(X) / N
    z = (pc - pb) / sqrt(pp * (1 - pp) * (mpf(1) / nb + mpf(1) / nc))
    p = 2 * ncdf(-abs(z)) if alt == 'two-sided' else ncdf(-z)
    return dict(z=float(z), chiSquare=float(z * z), pValue=float(min(1, p)))

def fisher(xb, nb, xc, nc, alt):
    N = nb + nc; K = xb + xc; n1 = nc
    lo = max(0, n1 - (N - K)); hi = min(K, n1)
    P = {k: F(math.comb(K, k) * math.comb(N - K, n1 - k), math.comb(N, n1)) for k in range(lo, hi + 1)}
    if alt == 'increase': p = sum(v for k, v in P.items() if k >= xc)
    else:
        lim = P[xc] * (1 + F(1, 10 ** 7))
        p = sum(v for v in P.values() if v <= lim)
    return dict(pValue=float(min(F(1), p)))

def strat(strata):
    N = sum(s['size'] for s in strata); rate = F(0); v = F(0); v0 = F(0)
    for s in strata:
        if s['size'] == 0: continue
        W = F(s['size'], N); n = s['sampled']; p = F(s['errors'], n)
        rate += W * p; t = W * W * p * (1 - p) / (n - 1); v0 += t; v += t * (1 - F(n, s['size']))
    return dict(rate=float(rate), standardError=float(sqrt(mpf(v.numerator) / v.denominator)), standardErrorNoFpc=float(sqrt(mpf(v0.numerator) / v0.denominator)))

cases = []
def add(fn, args, expected): cases.append(dict(fn=fn, args=args, expected=expected))

def rand_matrix(rows, cols, cats, pmiss):
    return [[(rng.choice(cats) if rng.random() > pmiss else None) for _ in range(cols)] for _ in range(rows)]

for it in range(14):
    coders = rng.randint(2, 6); units = rng.randint(3, 40)
    cats = rng.choice([[0, 1], [1, 2, 3, 4, 5], [0.5, 1.5, 2, 7.25, 10], list(range(1, 8))])
    # correlated data: base value per unit, noise
    data = [[None] * units for _ in range(coders)]
    for u in range(units):
        base = rng.choice(cats)
        for c in range(coders):
            if rng.random() < 0.2: continue
            data[c][u] = base if rng.random() < 0.6 else rng.choice(cats)
    for level in ['nominal', 'ordinal', 'interval', 'ratio']:
        try: add('krippendorffAlpha', [data, level], kripp(data, level))
        except ZeroDivisionError: pass
    rows = [list(r) for r in zip(*data)]
    r1 = [r[0] for r in rows]; r2 = [r[1] for r in rows]
    if any(a is not None and b is not None for a, b in zip(r1, r2)) and len({v for a, b in zip(r1, r2) if a is not None and b is not None for v in (a, b)}) >= 2:
        for w in ['unweighted', 'linear', 'quadratic']:
            add('cohenKappa', [r1, r2, {'weights': w}], cohen(r1, r2, w))
    comp = [r for r in rows if all(v is not None for v in r)]
    if comp and len({v for r in comp for v in r}) >= 2:
        add('fleissKappa', [rows], fleiss(rows))
        add('percentAgreement', [rows, {'tolerance': rng.choice([0, 1, 2.5])}], None)
    if len({v for r in rows for v in r if v is not None}) >= 2 and any(sum(v is not None for v in r) >= 2 for r in rows):
        add('gwetAC1', [rows], ac1(rows))
        add('gwetAC1', [rows, {'categories': cats + ['extra']}], ac1(rows, cats + ['extra']))
for c in cases:
    if c['fn'] == 'percentAgreement': c['expected'] = pct(c['args'][0], c['args'][1]['tolerance'])

for it in range(40):
    n = rng.choice([1, 2, 5, 20, 263, 1000, 3000, 10 ** 5, 10 ** 6]); x = rng.randint(0, n) if (rng.random() < 0.7 and n <= 3000) else rng.choice([0, 1, 2, 7, n - 3, n - 1, n])
    x = max(0, min(n, x)); c = rng.choice([0.8, 0.9, 0.95, 0.99, 0.999, 0.5])
    add('wilsonInterval', [x, n, c], wilson(x, n, c))
    add('clopperPearsonInterval', [x, n, c], cp(x, n, c))
for it in range(40):
    p = rng.choice([0.5, 0.1, 0.03, 0.01, 0.2, 0.37]); e = rng.choice([0.05, 0.01, 0.03, 0.001]); c = rng.choice([0.9, 0.95, 0.99])
    N = rng.choice([None, 100, 5000, 10 ** 6])
    args = {'expectedRate': p, 'marginOfError': e, 'confidence': c}
    if N is not None: args['populationSize'] = N
    add('cochranSampleSize', [args], cochran(p, e, c, N))
for it in range(40):
    p = rng.choice([0.05, 0.01, 0.02, 0.1, 0.5, 0.001, 0.3]); c = rng.choice([0.9, 0.95, 0.99, 0.75, 0.5])
    add('discoverySampleSize', [{'tolerableRate': p, 'confidence': c}], discovery(p, c))
    N = rng.choice([50, 200, 1000, 5000, 20000]); M = max(1, int(N * rng.choice([0.001, 0.01, 0.05, 0.2, 0.5])))
    add('discoverySampleSize', [{'tolerableRate': p, 'confidence': c, 'populationSize': N, 'errorsInPopulation': M}], discovery(p, c, N, M))
add('discoverySampleSize', [{'tolerableRate': 0.5, 'confidence': 0.75}], discovery(0.5, 0.75))
add('discoverySampleSize', [{'tolerableRate': 0.5, 'confidence': 0.875}], discovery(0.5, 0.875))
add('discoverySampleSize', [{'tolerableRate': 0.75, 'confidence': 0.9375}], discovery(0.75, 0.9375))
add('discoverySampleSize', [{'tolerableRate': 0.25, 'confidence': 1 - 0.75 ** 5}], discovery(0.25, 1 - 0.75 ** 5))
add('discoverySampleSize', [{'tolerableRate': 0.05, 'confidence': 0.5, 'populationSize': 4, 'errorsInPopulation': 2}], discovery(0.05, 0.5, 4, 2))
for it in range(40):
    p1 = rng.choice([0.5, 0.1, 0.02, 0.3, 0.9]); p2 = rng.choice([0.75, 0.15, 0.05, 0.25, 0.6])
    if p1 == p2: continue
    a = rng.choice([0.05, 0.01, 0.1]); pw = rng.choice([0.8, 0.9, 0.95, 0.5])
    for alt in ['two-sided', 'one-sided']:
        for m in ['pooled', 'cohen-h', 'continuity-corrected']:
            add('twoProportionSampleSize', [{'p1': p1, 'p2': p2, 'alpha': a, 'power': pw, 'alternative': alt, 'method': m}], twoprop(p1, p2, a, pw, alt, m))
for it in range(60):
    nb = rng.choice([4, 10, 50, 200, 1000, 3000]); nc = rng.choice([4, 13, 50, 300, 1000])
    xb = rng.randint(0, nb); xc = rng.randint(0, nc)
    if rng.random() < 0.5: xb = rng.randint(0, max(1, nb // 10)); xc = rng.randint(0, max(1, nc // 5))
    for alt in ['two-sided', 'increase']:
        inp = {'baseline': {'errors': xb, 'n': nb}, 'current': {'errors': xc, 'n': nc}, 'alternative': alt}
        add('twoProportionZTest', [inp], ztest(xb, nb, xc, nc, alt))
        add('fisherExactTest', [inp], fisher(xb, nb, xc, nc, alt))
for it in range(30):
    H = rng.randint(1, 6); strata = []
    for h in range(H):
        size = rng.choice([10, 100, 1000, 54321]); n = rng.randint(2, min(size, 300)); e = rng.randint(0, n)
        strata.append({'size': size, 'sampled': n, 'errors': e})
    add('stratifiedEstimate', [strata], strat(strata))
def allocate(strata, total, method):
    w = []
    for st in strata:
        p = mpf(st.get('expectedRate', 0.5))
        w.append(mpf(st['size']) if method == 'proportional' else st['size'] * sqrt(p * (1 - p)))
    lo_b = [mpf(st.get('minimum', 0)) / w[h] for h, st in enumerate(strata)]
    hi_b = [mpf(st['size']) / w[h] for h, st in enumerate(strata)]
    g = lambda lam: sum(min(mpf(st['size']), max(mpf(st.get('minimum', 0)), lam * w[h])) for h, st in enumerate(strata))
    bps = sorted(lo_b + hi_b)
    prev = mpf(0)
    for b in bps:
        if g(b) >= total: break
        prev = b
    # g is linear on [prev, b]
    g0, g1 = g(prev), g(b)
    lam = prev + (total - g0) * (b - prev) / (g1 - g0) if g1 != g0 else b
    return [float(min(mpf(st['size']), max(mpf(st.get('minimum', 0)), lam * w[h]))) for h, st in enumerate(strata)]

for it in range(30):
    H = rng.randint(1, 6); strata = []
    for h in range(H):
        size = rng.choice([5, 40, 100, 1000, 12345])
        st = {'size': size}
        if rng.random() < 0.8: st['expectedRate'] = rng.choice([0.01, 0.05, 0.2, 0.5, 0.37])
        if rng.random() < 0.4: st['minimum'] = min(size, rng.choice([0, 2, 10, 30]))
        strata.append(st)
    cap = sum(s['size'] for s in strata); mins = sum(s.get('minimum', 0) for s in strata)
    total = rng.randint(mins, cap)
    for method in ['proportional', 'neyman']:
        add('allocateSample', [{'strata': strata, 'total': total, 'method': method}], {'real': allocate(strata, total, method)})

import os
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cases.json')
json.dump(cases, open(out, 'w'), separators=(',', ':'))
print(len(cases))
