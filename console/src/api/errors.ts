// Errors from the API ({"error": {"code", "message", "details"}}) as one type, and what the console does with each.

export interface ErrorBody {
  code: string
  message: string
  details?: Record<string, unknown>
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown>

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

// Used when an answer carries no message of its own (a proxy's error page, a dropped connection).
const FALLBACK: Record<number, string> = {
  0: '网络连接失败，请检查网络后重试',
  400: '请求格式有误',
  401: '登录已失效，请重新登录',
  403: '您的岗位无权执行此操作',
  404: '记录不存在或已被删除',
  409: '记录状态已变化，请刷新后重试',
  413: '上传的文件过大',
  422: '填写的内容有误，请检查后重试',
  429: '操作过于频繁，请稍后再试',
}

function fallbackMessage(status: number): string {
  return FALLBACK[status] ?? (status >= 500 ? '服务器繁忙，请稍后再试' : `请求失败（${status}）`)
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return typeof candidate.code === 'string' && typeof candidate.message === 'string'
}

/** The API's own Chinese message when it sent one, else a Chinese message for the status. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined
  if (isErrorBody(error)) {
    return new ApiError(status, error.code, error.message, (error.details as Record<string, unknown>) ?? {})
  }
  return new ApiError(status, `http_${status}`, fallbackMessage(status))
}

export function networkError(): ApiError {
  return new ApiError(0, 'network_error', fallbackMessage(0))
}

/** A 422's field details appended (「驳回原因：请选择或填写驳回原因」), so the person sees what to correct. */
export function describe(error: ApiError): string {
  if (error.status !== 422) return error.message
  const fields = Object.entries(error.details)
    .filter(([, text]) => typeof text === 'string' && text !== error.message)
    .map(([field, text]) => `${fieldLabel(field)}：${text as string}`)
  return fields.length ? `${error.message}（${fields.join('；')}）` : error.message
}

const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  current_password: '原密码',
  new_password: '新密码',
  display_name: '姓名',
  role: '岗位',
  'query.from': '开始日期',
  'query.to': '结束日期',
  reason: '驳回说明',
  reason_code: '驳回原因',
  'query.submitted_from': '提交日期（起）',
  'query.submitted_to': '提交日期（止）',
  'query.q': '搜索',
}

function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field
}

export type ErrorAction = 'sign-in' | 'forbidden' | 'change-password' | 'message'

/** 401 sends the person to the login page, a one-time password not yet replaced to the password page; everything
 * else is shown where it happened. */
export function actionFor(error: ApiError): ErrorAction {
  if (error.status === 401) return 'sign-in'
  if (error.status === 403 && error.code === 'role_required') return 'forbidden'
  if (error.status === 403 && error.code === 'password_change_required') return 'change-password'
  return 'message'
}
