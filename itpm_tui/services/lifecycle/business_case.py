"""Business case arithmetic: yearly cash flows, NPV, ROI, payback date and the verdict line.

Conventions: year 0 is the project's start and its flows happen on that day; a flow of
year k >= 1 is spread evenly over the k-th year after the start (for the payback date) and
discounted as if it fell at the end of that year (for the NPV). Amounts are integer minor
units; the discount rate is in basis points (800 = 8 %). All pure: no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from dateutil.relativedelta import relativedelta

MAX_RATE_BP = 10_000  # 100 %
MAX_YEAR = 30  # a line starts in year 0..30
MAX_YEARS = 30  # and recurs for at most 30 years


class BusinessCaseError(ValueError):
    """A rate or a year out of range; str() says which and what is allowed."""


@dataclass(frozen=True)
class CaseLine:
    """A cost or a benefit: `amount` minor units in each of `years` years from `first_year`."""

    amount: int
    is_benefit: bool
    first_year: int = 0
    years: int = 1


@dataclass(frozen=True)
class Payback:
    years: int
    months: int

    def __str__(self) -> str:
        return f"{self.years} y {self.months} m"


@dataclass(frozen=True)
class CaseResult:
    flows: list[int]  # net cash flow per year, index = year
    total_cost: int
    total_benefit: int
    npv: int  # minor units, rounded half-even
    roi_percent: Decimal | None  # None without costs
    payback: Payback | None  # None when it never pays back
    payback_on: date | None


def check_rate(rate_bp: int) -> None:
    if not 0 <= rate_bp <= MAX_RATE_BP:
        raise BusinessCaseError("the discount rate must be between 0 % and 100 %")


def check_line(line: CaseLine) -> None:
    if line.amount < 0:
        raise BusinessCaseError("an amount must not be negative")
    if not 0 <= line.first_year <= MAX_YEAR:
        raise BusinessCaseError(f"the first year must be between 0 and {MAX_YEAR}")
    if not 1 <= line.years <= MAX_YEARS:
        raise BusinessCaseError(f"the number of years must be between 1 and {MAX_YEARS}")


def cash_flows(lines: list[CaseLine]) -> list[int]:
    """Net flow per year (benefits minus costs), from year 0 to the last year any line touches."""
    for line in lines:
        check_line(line)
    horizon = max((line.first_year + line.years for line in lines), default=1)
    flows = [0] * horizon
    for line in lines:
        sign = 1 if line.is_benefit else -1
        for year in range(line.first_year, line.first_year + line.years):
            flows[year] += sign * line.amount
    return flows


def npv(flows: list[int], rate_bp: int) -> int:
    """Net present value in minor units: flow of year k divided by (1 + rate)^k."""
    check_rate(rate_bp)
    factor = Decimal(1) + Decimal(rate_bp) / Decimal(10_000)
    total = sum((Decimal(flow) / factor**year for year, flow in enumerate(flows)), Decimal(0))
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def roi_percent(total_benefit: int, total_cost: int) -> Decimal | None:
    """(benefits - costs) / costs in percent, one decimal; None when there are no costs."""
    if total_cost == 0:
        return None
    value = Decimal(total_benefit - total_cost) * 100 / Decimal(total_cost)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


def running_totals(flows: list[int]) -> list[int]:
    out, total = [], 0
    for flow in flows:
        total += flow
        out.append(total)
    return out


def payback_months(flows: list[int]) -> int | None:
    """Whole months (rounded up) until the cumulative flow is, and stays, at zero or above.

    0 when it is never below zero; None when it is still below zero at the end.
    """
    totals = running_totals(flows)
    below = [year for year, total in enumerate(totals) if total < 0]
    if not below:
        return 0
    last = below[-1]
    if last == len(totals) - 1:
        return None
    # Year last+1 spans months last*12 .. (last+1)*12; its flow is spread evenly over it.
    needed, flow = -totals[last], flows[last + 1]
    return last * 12 + -(-needed * 12 // flow)  # ceiling division, exact in integers


def evaluate(lines: list[CaseLine], rate_bp: int, start: date | None) -> CaseResult:
    check_rate(rate_bp)
    flows = cash_flows(lines)
    total_cost = sum(line.amount * line.years for line in lines if not line.is_benefit)
    total_benefit = sum(line.amount * line.years for line in lines if line.is_benefit)
    months = payback_months(flows)
    payback = None if months is None else Payback(months // 12, months % 12)
    payback_on = None
    if months is not None and start is not None:
        payback_on = start + relativedelta(months=months)
    return CaseResult(
        flows=flows,
        total_cost=total_cost,
        total_benefit=total_benefit,
        npv=npv(flows, rate_bp),
        roi_percent=roi_percent(total_benefit, total_cost),
        payback=payback,
        payback_on=payback_on,
    )


def format_rate(rate_bp: int) -> str:
    """800 -> '8', 825 -> '8.25'."""
    value = Decimal(rate_bp) / 100
    return f"{value.normalize():f}"


def format_whole(minor_units: int, decimals: int = 2) -> str:
    """Minor units as whole currency units with thousands separators: 41200000 -> '412,000'."""
    whole = (Decimal(minor_units) / 10**decimals).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return f"{int(whole):,}"


def verdict(result: CaseResult, rate_bp: int, currency: str) -> str:
    """'pays back in 2 y 3 m; NPV 412,000 EUR at 8 %' or 'never pays back; NPV ...'."""
    money = f"NPV {format_whole(result.npv)} {currency} at {format_rate(rate_bp)} %"
    if not result.flows or (result.total_cost == 0 and result.total_benefit == 0):
        return "no costs or benefits entered yet"
    if result.payback is None:
        return f"never pays back; {money}"
    when = f" ({result.payback_on.isoformat()})" if result.payback_on else ""
    return f"pays back in {result.payback}{when}; {money}"
