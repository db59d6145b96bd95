// 财务: the day's statement, the daily series for the chart, orders and refunds searched (filters kept in the
// page's URL), an order's and a refund's record. Money stays in fen here; pages write it in yuan (finance/money).
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, callPage, type Schemas } from '@/api/client'

export type StatementRow = Schemas['StatementRow']
export type StaffOrder = Schemas['StaffOrderOut']
export type StaffOrderDetail = Schemas['StaffOrderDetailOut']
export type StaffRefund = Schemas['StaffRefundOut']
export type RefundDetail = Schemas['RefundDetailOut']
export type OrderQuery = NonNullable<Schemas['OrderSearchQuery']>
export type RefundQuery = NonNullable<Schemas['RefundSearchQuery']>

export interface OrderFilters {
  order_no?: string
  licence?: string
  channel?: 'wechat' | 'alipay'
  status?: 'pending' | 'paid' | 'expired' | 'cancelled' | 'refunded'
  date_by?: 'created' | 'paid'
  from?: string
  to?: string
}

export interface RefundFilters {
  number?: string
  channel?: 'wechat' | 'alipay'
  status?: 'processing' | 'success' | 'failed'
  from?: string
  to?: string
}

export const ORDER_FILTER_KEYS = ['order_no', 'licence', 'channel', 'status', 'date_by', 'from', 'to'] as const
export const REFUND_FILTER_KEYS = ['number', 'channel', 'status', 'from', 'to'] as const
export const PAGE_SIZE = 20

export const useFinanceStore = defineStore('finance', () => {
  const loading = ref(false)

  function statement(day: string): Promise<StatementRow[]> {
    return call(api.GET('/api/v1/staff/payments/statement', { params: { query: { date: day } } }))
  }

  function series(from: string, to: string): Promise<StatementRow[]> {
    return call(api.GET('/api/v1/staff/payments/daily', { params: { query: { from, to } } }))
  }

  async function orders(filters: OrderFilters, page: number): Promise<{ items: StaffOrder[]; total: number }> {
    loading.value = true
    try {
      const query = { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }
      return await callPage(api.GET('/api/v1/staff/payments/orders', { params: { query } }))
    } finally {
      loading.value = false
    }
  }

  function order(id: string): Promise<StaffOrderDetail> {
    return call(api.GET('/api/v1/staff/payments/orders/{order_id}', { params: { path: { order_id: id } } }))
  }

  async function refunds(filters: RefundFilters, page: number): Promise<{ items: StaffRefund[]; total: number }> {
    loading.value = true
    try {
      const query = { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }
      return await callPage(api.GET('/api/v1/staff/payments/refunds', { params: { query } }))
    } finally {
      loading.value = false
    }
  }

  function refund(id: string): Promise<RefundDetail> {
    return call(api.GET('/api/v1/staff/payments/refunds/{refund_id}', { params: { path: { refund_id: id } } }))
  }

  return { loading, statement, series, orders, order, refunds, refund }
})
