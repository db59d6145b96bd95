// Display helpers for review pages (instants arrive as ISO 8601 with +08:00, Beijing time).
export function dateTime(value: string | null | undefined): string {
  return value ? value.slice(0, 16).replace('T', ' ') : '—'
}

export const SEX_NAMES: Record<string, string> = { male: '公', female: '母' }

export const OUTCOME_NAMES: Record<string, string> = {
  pending_review: '待审核',
  approved: '已通过',
  rejected: '已驳回',
  withdrawn: '已撤回',
}

/** Waiting longer than three days is shown in red: the city's promise to residents is a decision within three. */
export function waitingLevel(seconds: number): 'danger' | 'warning' | 'info' {
  if (seconds >= 3 * 86400) return 'danger'
  if (seconds >= 86400) return 'warning'
  return 'info'
}
