// How the dashboard writes its numbers: counts with separators, shares as percentages, fen as yuan, months short.

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('zh-CN')
}

/** 0.3333 → "33.3%"; no share (nothing to divide) is a dash, never 0%. */
export function percent(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(digits)}%`
}

/** 2500000 fen → "2.5万元", 25000 → "250元": the unit a leader reads at a glance. */
export function yuan(fen: number): string {
  const amount = fen / 100
  if (Math.abs(amount) >= 10_000) return `${(amount / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}万元`
  return `${amount.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`
}

export function hours(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return value >= 48 ? `${(value / 24).toFixed(1)}天` : `${value.toFixed(1)}小时`
}

/** "2026-03" → "3月", or "2026年3月" when the period crosses a year (the axis shows where the year turns). */
export function monthLabel(month: string, withYear = false): string {
  const [year, number] = month.split('-')
  return withYear ? `${year}年${Number(number)}月` : `${Number(number)}月`
}

export function monthLabels(months: string[]): string[] {
  const years = new Set(months.map((m) => m.slice(0, 4)))
  return months.map((m, i) => monthLabel(m, years.size > 1 && (i === 0 || m.endsWith('-01'))))
}

/** The month `n` months before or after 'YYYY-MM'. */
export function addMonths(month: string, n: number): string {
  const [year, number] = month.split('-').map(Number)
  const index = year * 12 + number - 1 + n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Months from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number)
  const [ty, tm] = to.split('-').map(Number)
  return (ty - fy) * 12 + tm - fm + 1
}
