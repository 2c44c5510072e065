# The same three pipelines as bench/iter_pipeline.rs, in CPython's generator expressions.
n = 5_000_000
total = sum(range(n))
evens = sum(1 for x in range(n) if x % 2 == 0)
biggest = max(x * 3 for x in range(n))
print(f"sum={total} evens={evens} max={biggest}")
