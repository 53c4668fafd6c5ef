"""`new System.Random(seed)` of .NET, bit for bit (the seeded, Knuth subtractive generator that .NET
keeps for compatibility). pg2 for .NET draws its seeded splits and random folds from it, so this
module lets a Python model reproduce them exactly.
"""

_MBIG = 2147483647  # int.MaxValue
_MSEED = 161803398


class DotnetRandom:
    def __init__(self, seed: int):
        seeds = [0] * 56
        subtraction = _MBIG if seed == -2147483648 else abs(seed)
        mj = _MSEED - subtraction
        seeds[55] = mj
        mk = 1
        ii = 0
        for _ in range(1, 55):
            ii += 21
            if ii >= 55:
                ii -= 55
            seeds[ii] = mk
            mk = mj - mk
            if mk < 0:
                mk += _MBIG
            mj = seeds[ii]
        for _ in range(1, 5):
            for i in range(1, 56):
                n = i + 30
                if n >= 55:
                    n -= 55
                seeds[i] -= seeds[1 + n]
                if seeds[i] < 0:
                    seeds[i] += _MBIG
        self._seeds = seeds
        self._inext = 0
        self._inextp = 21

    def _internal_sample(self) -> int:
        inext = self._inext + 1
        if inext >= 56:
            inext = 1
        inextp = self._inextp + 1
        if inextp >= 56:
            inextp = 1
        value = self._seeds[inext] - self._seeds[inextp]
        if value == _MBIG:
            value -= 1
        if value < 0:
            value += _MBIG
        self._seeds[inext] = value
        self._inext = inext
        self._inextp = inextp
        return value

    def sample(self) -> float:
        return self._internal_sample() * (1.0 / _MBIG)

    def next(self, max_value: int) -> int:
        """`Random.Next(maxValue)`: an integer in [0, max_value)."""
        return int(self.sample() * max_value)
