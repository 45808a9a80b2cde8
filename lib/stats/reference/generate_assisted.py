# Independent reference values for lib/stats/assisted.ts, lib/stats/stratified-interval.ts and
# lib/audits/design-effect.ts, written from the formulas in issues 18, 15 and 12 (point 13) and the
# papers, not from the TypeScript: exact rational arithmetic (fractions) for every sum, mean,
# variance and slope; mpmath at 50 digits for square roots, normal quantiles and the betting
# capital of the confidence sequences (Waudby-Smith & Ramdas 2023, hedged capital, predictable
# plug-in bets, c = 1/2; 2020 for sampling without replacement), which is computed here candidate by
# candidate over the whole history, without the band bookkeeping of the TypeScript.
# Regenerate with:  python3 lib/stats/reference/generate_assisted.py  (writes assisted-cases.json)
import json, os, random
from fractions import Fraction as F
from mpmath import mp, mpf, sqrt, ncdf, findroot, sin, pi, log
mp.dps = 50
rng = random.Random(20261201)


def qnorm(p):
    from scipy.stats import norm
    return findroot(lambda x: ncdf(x) - mpf(p), mpf(float(norm.ppf(float(p)))))


def zfor(conf):
    return -qnorm((1 - F(conf)) / 2) if False else -qnorm(mpf(1 - conf) / 2)


def fr(x):
    return F(x)  # exact value of the double


def mean(xs):
    return sum(xs, F(0)) / len(xs)


def svar(xs):
    m = mean(xs)
    return sum(((x - m) ** 2 for x in xs), F(0)) / (len(xs) - 1)


def msqrt(q):
    return sqrt(mpf(q.numerator) / q.denominator)


def flt(x):
    if isinstance(x, F):
        return float(x)
    return float(x)


# ---------------------------------------------------------------- assistedStratifiedEstimate
def assisted(strata, method='regression', conf=0.95):
    z = zfor(conf)
    Ntot = sum(s['size'] for s in strata)
    rate = F(0); var = F(0); crate = F(0); cvar = F(0); slopes = []
    for s in strata:
        y = [fr(v) for v in s['labeled']['y']]; p = [fr(v) for v in s['labeled']['prediction']]
        n = len(y); N = s['size']; W = F(N, Ntot); f = F(n, N); P = fr(s['predictionMean'])
        yb = mean(y); pb = mean(p)
        crate += W * yb; cvar += W * W * (1 - f) * svar(y) / n
        if method == 'difference':
            d = [a - b for a, b in zip(y, p)]
            est = P + mean(d); v = (1 - f) * svar(d) / n; b = F(1)
        else:
            spp = sum(((x - pb) ** 2 for x in p), F(0))
            if n < 3 or spp == 0:
                b = F(0); est = yb; v = (1 - f) * svar(y) / n
            else:
                b = sum(((a - yb) * (c - pb) for a, c in zip(y, p)), F(0)) / spp
                est = yb + b * (P - pb)
                v = (1 - f) / (n * (n - 2)) * sum((((a - yb) - b * (c - pb)) ** 2 for a, c in zip(y, p)), F(0))
        slopes.append(float(b)); rate += W * est; var += W * W * v
    se = msqrt(var)
    return dict(rate=float(rate), standardError=flt(se), lower=flt(mpf(rate.numerator) / rate.denominator - z * se),
                upper=flt(mpf(rate.numerator) / rate.denominator + z * se), slopes=slopes,
                classical=dict(rate=float(crate), standardError=flt(msqrt(cvar))))


# ---------------------------------------------------------------- ppiMeanEstimate
def ppi(y, p, q, conf=0.95, lam='tuned'):
    z = zfor(conf)
    y = [fr(v) for v in y]; p = [fr(v) for v in p]; q = [fr(v) for v in q]
    n = len(y); N = len(q)
    if lam == 'tuned':
        yb = mean(y); pb = mean(p)
        cov = sum(((a - yb) * (b - pb) for a, b in zip(y, p)), F(0)) / (n - 1)
        allp = p + q
        pv = svar(allp)
        L = F(0) if pv == 0 else min(F(1), max(F(0), cov / ((1 + F(n, N)) * pv)))
    else:
        L = fr(lam)
    est = mean(y) + L * (mean(q) - mean(p))
    se = msqrt(L * L * svar(q) / N + svar([a - L * b for a, b in zip(y, p)]) / n)
    e = mpf(est.numerator) / est.denominator
    return dict(estimate=float(est), standardError=flt(se), lower=flt(e - z * se), upper=flt(e + z * se), lambda_=float(L))


# ---------------------------------------------------------------- confidenceSequence
G = 1000
GRID = [sin(pi * j / (2 * G)) ** 2 for j in range(G + 1)]
GRID[0] = mpf(0); GRID[G] = mpf(1)


def cs(xs, conf=0.95, N=None, planned=None):
    alpha = 1 - mpf(conf)
    thr = 2 / alpha
    T = len(xs)
    xs = [mpf(x) for x in xs]
    # the predictable plug-in bets do not depend on the candidate (before truncation)
    bets = []; mus = []; ssum = mpf(0); vsum = mpf(1) / 4
    for t in range(1, T + 1):
        sigma2 = vsum / t  # sigma^2_{t-1} = (1/4 + sum_{i<t}(X_i - mu_i)^2) / t
        bets.append(sqrt(2 * log(2 / alpha) / (sigma2 * (planned if planned is not None else t * log(1 + t)))))
        ssum += xs[t - 1]
        mu = (mpf(1) / 2 + ssum) / (t + 1)
        vsum += (xs[t - 1] - mu) ** 2
    prefix = [mpf(0)]
    for x in xs: prefix.append(prefix[-1] + x)
    # per candidate: first time excluded from below (K+ >= thr or mean impossible), from above
    below = [None] * (G + 1); above = [None] * (G + 1)
    for j, g in enumerate(GRID):
        kp = mpf(1); km = mpf(1)
        for t in range(1, T + 1):
            m = g if N is None else (N * g - prefix[t - 1]) / (N - t + 1)
            if m < 0:
                below[j] = below[j] or t; break
            if m > 1:
                above[j] = above[j] or t; break
            bp = min(bets[t - 1], mpf(1) / 2 / m) if m > 0 else bets[t - 1]
            bm = min(bets[t - 1], mpf(1) / 2 / (1 - m)) if m < 1 else bets[t - 1]
            kp *= 1 + bp * (xs[t - 1] - m); km *= 1 - bm * (xs[t - 1] - m)
            if kp >= thr and below[j] is None: below[j] = t
            if km >= thr and above[j] is None: above[j] = t
    lower = []; upper = []
    for t in range(1, T + 1):
        lo = max([GRID[j] for j in range(G + 1) if below[j] is not None and below[j] <= t], default=mpf(0))
        hi = min([GRID[j] for j in range(G + 1) if above[j] is not None and above[j] <= t], default=mpf(1))
        if N is not None:
            lo = max(lo, prefix[t] / N); hi = min(hi, (prefix[t] + N - t) / N)
        lower.append(float(lo)); upper.append(float(max(lo, hi)))
    return dict(lower=lower, upper=upper)


# ---------------------------------------------------------------- compareCohorts
def strat(strata):
    N = sum(s['size'] for s in strata)
    r = F(0); v = F(0)
    for s in strata:
        if s['size'] == 0: continue
        W = F(s['size'], N); n = s['sampled']; e = s['errors']; p = F(e, n)
        r += W * p; v += W * W * (1 - F(n, s['size'])) * p * (1 - p) / (n - 1)
    return r, v


def compare(a, b, conf=0.95):
    z = zfor(conf)
    ra, va = strat(a); rb, vb = strat(b)
    d = rb - ra; se = msqrt(va + vb); dm = mpf(d.numerator) / d.denominator
    zz = dm / se
    return dict(difference=float(d), standardError=flt(se), lower=flt(dm - z * se), upper=flt(dm + z * se), z=flt(zz), pValue=flt(2 * ncdf(-abs(zz))))


# ---------------------------------------------------------------- stratifiedWilsonInterval
def kish_wilson(strata, conf=0.95):
    z = zfor(conf)
    r, v = strat(strata)
    n = sum(s['sampled'] for s in strata if s['size'] > 0)
    N = sum(s['size'] for s in strata)
    if n == N:  # a census: the rate is exact
        return dict(rate=float(r), standardError=0.0, lower=float(r), upper=float(r), sampleSize=n, effectiveSampleSize=n, designEffect=1.0)
    if 0 < r < 1 and v > 0:
        neff = r * (1 - r) / v
    else:
        neff = F(N * N) / sum((F(s['size'] ** 2, s['sampled']) for s in strata if s['size'] > 0), F(0))
    # Wilson limits: roots of (r - x)^2 = z^2 x (1 - x) / neff, solved as a quadratic in mpmath
    p = mpf(r.numerator) / r.denominator; ne = mpf(neff.numerator) / neff.denominator
    a = 1 + z * z / ne; b = -(2 * p + z * z / ne); c = p * p
    disc = sqrt(b * b - 4 * a * c)
    lo = (-b - disc) / (2 * a); hi = (-b + disc) / (2 * a)
    return dict(rate=float(r), standardError=flt(msqrt(v)), lower=flt(lo), upper=flt(hi), sampleSize=n,
                effectiveSampleSize=float(neff), designEffect=float(n / neff))


# ---------------------------------------------------------------- plannedAllocationMargin
def planned(strata, conf, targets):
    z = zfor(conf)
    used = [s for s in strata if s['population'] > 0]
    N = sum(s['population'] for s in used); n = sum(s['allocated'] for s in used)

    def V(nh_of):
        v = F(0)
        for s in used:
            Nh = s['population']; nh = nh_of(s); P = fr(s['expectedRate'])
            fpc = F(Nh - nh) / (Nh - 1) if Nh > 1 else F(0)
            v += F(Nh, N) ** 2 * fpc * P * (1 - P) / nh
        return v
    margin = z * msqrt(V(lambda s: F(s['allocated'])))
    deff = F(n) * sum((F(s['population'] ** 2, s['allocated']) for s in used), F(0)) / (N * N)
    P = sum((F(s['population'], N) * fr(s['expectedRate']) for s in used), F(0))
    srs = z * msqrt(F(N - n, N - 1) * P * (1 - P) / n) if N > 1 else mpf(0)
    sizes = []
    for tgt in targets:
        t = mpf(fr(tgt).numerator) / fr(tgt).denominator
        best = None
        for total in range(1, N + 1):  # plain linear scan, the obvious way
            # keep the planned shares, fill strata that reach their population, pass the rest on
            full = set()
            while True:
                left = total - sum(used[i]['population'] for i in full)
                shares = sum(used[i]['allocated'] for i in range(len(used)) if i not in full)
                newly = {i for i in range(len(used)) if i not in full and F(left * used[i]['allocated'], shares) >= used[i]['population']}
                if not newly or len(full) == len(used): break
                full |= newly
                if len(full) == len(used): break
            alloc = {i: (F(used[i]['population']) if i in full else F(left * used[i]['allocated'], shares)) for i in range(len(used))}
            m = z * msqrt(V(lambda s: alloc[used.index(s)]))
            if m <= t:
                best = total; break
        sizes.append(best)
    return dict(margin=flt(margin), designEffect=float(deff), simpleRandomMargin=flt(srs), sizes=sizes)


cases = []
def add(fn, args, expected): cases.append(dict(fn=fn, args=args, expected=expected))

def frac_list(n, kind):
    if kind == 'binary': return [float(rng.random() < 0.3) for _ in range(n)]
    if kind == 'third': return [rng.choice([0.0, 0.25, 0.5, 1.0]) for _ in range(n)]
    return [rng.random() for _ in range(n)]

for it in range(24):
    H = rng.randint(1, 4); strata = []
    for h in range(H):
        n = rng.choice([2, 3, 5, 12, 40])
        size = n + rng.choice([0, 1, 10, 500])
        y = frac_list(n, rng.choice(['binary', 'binary', 'third']))
        if it % 6 == 5 and h == 0: pred = [0.4] * n  # constant judge: the regression falls back
        elif it % 6 == 3 and h == 0: pred = [0.1] * n  # 0.1 · 3 / 3 ≠ 0.1 in doubles
        else: pred = [min(1.0, max(0.0, 0.6 * v + 0.4 * rng.random())) for v in y]
        strata.append(dict(size=size, predictionMean=rng.random(), labeled=dict(y=y, prediction=pred)))
    method = ['regression', 'difference'][it % 2]
    conf = rng.choice([0.9, 0.95, 0.99])
    add('assistedStratifiedEstimate', [strata, dict(method=method, confidence=conf)], assisted(strata, method, conf))

for it in range(16):
    n = rng.choice([2, 5, 30, 100]); N = rng.choice([2, 7, 50, 400])
    y = frac_list(n, 'binary'); p = [min(1.0, 0.5 * v + 0.5 * rng.random()) for v in y]; q = frac_list(N, 'u')
    lam = ['tuned', 1, 0.35, 'tuned'][it % 4]; conf = rng.choice([0.9, 0.95])
    r = ppi(y, p, q, conf, lam); r['lambda'] = r.pop('lambda_')
    opts = dict(labeledY=y, labeledPrediction=p, unlabeledPrediction=q, confidence=conf)
    if it % 4 != 3: opts['lambda'] = lam
    add('ppiMeanEstimate', [opts], r)

for it, (T, N, kind, conf, horizon) in enumerate([(40, None, 'binary', 0.95, None), (60, 80, 'binary', 0.95, None), (30, 30, 'u', 0.9, None), (50, None, 'third', 0.99, None), (25, 200, 'binary', 0.95, None), (60, 100, 'binary', 0.95, 60), (40, None, 'u', 0.95, 100)]):
    xs = [float(rng.random() < 0.15) for _ in range(T)] if kind == 'binary' else frac_list(T, kind)
    opts = dict(confidence=conf)
    if N is not None: opts['populationSize'] = N
    if horizon is not None: opts['plannedSize'] = horizon
    add('confidenceSequence', [xs, opts], cs(xs, conf, N, horizon))

for it in range(12):
    def cohort():
        return [dict(size=(sz := rng.choice([5, 60, 1000])), sampled=(n := rng.randint(2, min(sz, 80))), errors=rng.randint(0, n)) for _ in range(rng.randint(1, 3))]
    a = cohort(); b = cohort(); conf = rng.choice([0.9, 0.95])
    add('compareCohorts', [a, b, dict(confidence=conf)], compare(a, b, conf))

for it in range(20):
    strata = []
    for h in range(rng.randint(1, 4)):
        sz = rng.choice([50, 400, 5000, 20000]); n = rng.randint(2, min(sz, 120))
        e = 0 if it % 4 == 0 else rng.choice([0, 0, 1, 2, 5, n // 3])
        strata.append(dict(size=sz, sampled=n, errors=min(e, n)))
    conf = rng.choice([0.9, 0.95, 0.99])
    add('stratifiedWilsonInterval', [strata, conf], kish_wilson(strata, conf))
for strata in [[dict(size=30, sampled=30, errors=2), dict(size=5, sampled=5, errors=0)], [dict(size=30, sampled=30, errors=2), dict(size=500, sampled=50, errors=0)]]:
    add('stratifiedWilsonInterval', [strata, 0.95], kish_wilson(strata, 0.95))

for it in range(10):
    strata = []
    for h in range(rng.randint(1, 4)):
        N = rng.choice([30, 200, 900]); strata.append(dict(population=N, allocated=rng.randint(1, min(N, 90)), expectedRate=rng.choice([0.01, 0.05, 0.2])))
    conf = rng.choice([0.9, 0.95])
    add('plannedAllocationMargin', [strata, conf, [0.05, 0.02]], planned(strata, conf, [0.05, 0.02]))

# ---------------------------------------------------------------- stratifiedConfidenceSequence
for it, (sizes, counts, conf) in enumerate([([120, 40], [30, 12], 0.95), ([500, 80, 30], [20, 15, 10], 0.9)]):
    H = len(sizes); Ntot = sum(sizes)
    arrivals = [h for h in range(H) for _ in range(counts[h])]
    rng.shuffle(arrivals)
    obs = [dict(stratum=h, value=float(rng.random() < 0.2)) for h in arrivals]
    per = [[o['value'] for o in obs if o['stratum'] == h] for h in range(H)]
    seqs = [cs(per[h], 1 - (1 - conf) / H, sizes[h]) for h in range(H)]
    seen = [0] * H; lower = []; upper = []
    for o in obs:
        seen[o['stratum']] += 1
        lo = sum(F(sizes[h], Ntot) * (fr(seqs[h]['lower'][seen[h] - 1]) if seen[h] else F(0)) for h in range(H))
        hi = sum(F(sizes[h], Ntot) * (fr(seqs[h]['upper'][seen[h] - 1]) if seen[h] else F(1)) for h in range(H))
        lower.append(float(lo)); upper.append(float(min(hi, F(1))))
    add('stratifiedConfidenceSequence', [[dict(size=x) for x in sizes], obs, dict(confidence=conf)],
        dict(lower=lower, upper=upper, strata=[dict(lower=seqs[h]['lower'][-1], upper=seqs[h]['upper'][-1], observed=counts[h]) for h in range(H)]))

# ---------------------------------------------------------------- binomialIncreaseTest
from math import comb
for it in range(14):
    n = rng.choice([1, 5, 40, 200, 1000]); p0 = rng.choice([0.001, 0.01, 0.05, 0.3, 0.5]); x = rng.randint(0, min(n, max(1, int(3 * n * p0) + 2)))
    P0 = fr(p0)
    tail = sum((comb(n, k) * P0 ** k * (1 - P0) ** (n - k) for k in range(x, n + 1)), F(0))
    add('binomialIncreaseTest', [x, n, p0], dict(pValue=float(tail)))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'assisted-cases.json')
json.dump(cases, open(out, 'w'), separators=(',', ':'))
print(len(cases))
