// A confirmation dialog that answers true or false (ElMessageBox rejects on cancel).
export async function confirmAction(message: string, title: string, confirmText: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText: confirmText, cancelButtonText: '取消',
      type: 'warning' })
    return true
  } catch {
    return false
  }
}
