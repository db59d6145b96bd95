// The dispatcher's list: open reports grouped so that one dog seen by several people is one job. The server links a
// report made within STRAY_DUPLICATE_RADIUS_M (200 m) and 6 hours of an open one to it (it counts in
// `linked_reports`); reports a little further apart or later are grouped here as "nearby", for the dispatcher to
// judge (and mark as duplicates if they are the same dog). Pure, so it is tested without a browser.
import type { Schemas } from '@/api/client'
import { distanceM } from '@/maps/geo'

export type StrayReport = Schemas['StaffStrayOut']

export interface ReportGroup {
  lead: StrayReport
  /** Other open reports within the radius and time window of the lead: maybe the same dog. */
  nearby: StrayReport[]
  /** Reports of the group: the lead, the duplicates the server linked to it, the nearby ones. */
  size: number
  urgent: boolean
}

export const NEARBY_M = 500
export const NEARBY_HOURS = 48

const urgency = (r: StrayReport) => (r.injured ? 2 : 0) + (r.aggressive ? 1 : 0)

/** The lead of a group is its most urgent report, then the earliest: the one the job is worked under. */
function byLead(a: StrayReport, b: StrayReport): number {
  return urgency(b) - urgency(a) || a.reported_at.localeCompare(b.reported_at)
}

export function groupReports(reports: StrayReport[], radiusM = NEARBY_M, hours = NEARBY_HOURS): ReportGroup[] {
  const ordered = [...reports].sort(byLead)
  const taken = new Set<string>()
  const groups: ReportGroup[] = []
  for (const lead of ordered) {
    if (taken.has(lead.id)) continue
    taken.add(lead.id)
    const nearby = ordered.filter((other) => !taken.has(other.id) && close(lead, other, radiusM, hours))
    nearby.forEach((other) => taken.add(other.id))
    const members = [lead, ...nearby]
    groups.push({ lead, nearby, size: members.reduce((n, r) => n + 1 + r.linked_reports, 0),
      urgent: members.some((r) => r.injured || r.aggressive) })
  }
  return groups
}

function close(a: StrayReport, b: StrayReport, radiusM: number, hours: number): boolean {
  const apart = Math.abs(Date.parse(a.reported_at) - Date.parse(b.reported_at)) / 3_600_000
  return apart <= hours && distanceM(a.location, b.location) <= radiusM
}

export const STRAY_STATUS_NAMES: Record<string, string> = {
  received: '待派单', dispatched: '已派单', captured: '已捕获', not_found: '未找到', duplicate: '重复报告',
}
