// The device camera (the back one on a phone or tablet) into a <video>, read a few times a second until a code the
// caller accepts is seen. getUserMedia needs a secure context: HTTPS in production, localhost in development.
import { qrDetector } from './detector'

export type CameraProblem = 'unsupported' | 'denied' | 'no-camera' | 'failed'

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem) {
    super(problem)
  }
}

const SCAN_INTERVAL_MS = 200

export class CameraScanner {
  private stream: MediaStream | null = null
  private timer: number | null = null
  private stopped = false

  constructor(private readonly video: HTMLVideoElement, private readonly onCode: (text: string) => boolean) {}

  /** Opens the camera and scans; `onCode` answers true to stop (a code it accepts), false to keep looking. */
  async start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('unsupported')
    const [detector, stream] = await Promise.all([qrDetector(), this.open()])
    if (this.stopped) {
      stream.getTracks().forEach((track) => track.stop())
      return
    }
    this.stream = stream
    this.video.srcObject = stream
    this.video.setAttribute('playsinline', '') // iOS: inline, not full screen
    this.video.muted = true
    await this.video.play()
    const tick = async () => {
      if (this.stopped) return
      if (this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        const found = await detector.detect(this.video).catch(() => [])
        for (const code of found) {
          if (!this.stopped && this.onCode(code.rawValue)) {
            this.stop()
            return
          }
        }
      }
      if (!this.stopped) this.timer = window.setTimeout(tick, SCAN_INTERVAL_MS)
    }
    void tick()
  }

  private async open(): Promise<MediaStream> {
    try {
      return await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      })
    } catch (error) {
      const name = (error as DOMException).name
      if (name === 'NotAllowedError' || name === 'SecurityError') throw new CameraError('denied')
      if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new CameraError('no-camera')
      throw new CameraError('failed')
    }
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) window.clearTimeout(this.timer)
    this.stream?.getTracks().forEach((track) => track.stop())
    this.stream = null
    this.video.srcObject = null
  }
}

export const CAMERA_PROBLEMS: Record<CameraProblem, string> = {
  unsupported: '此浏览器无法使用摄像头（需通过 HTTPS 访问），请手动输入编码',
  denied: '未获得摄像头权限，请在浏览器设置中允许使用摄像头，或手动输入编码',
  'no-camera': '未找到可用的摄像头，请手动输入编码',
  failed: '摄像头打开失败，请手动输入编码',
}
