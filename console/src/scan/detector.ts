// QR decoding with the web's own BarcodeDetector where the browser has one (Chrome on Android, the tablets and
// phones in the kennels), else the barcode-detector ponyfill: the same API over ZXing-C++ compiled to WebAssembly,
// its .wasm served from our own origin (never its default CDN). Loaded only when a scanner opens.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'

export interface QrDetector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>
}

interface DetectorClass {
  new (options: { formats: string[] }): QrDetector
  getSupportedFormats(): Promise<string[]>
}

let detector: Promise<QrDetector> | null = null

export function qrDetector(): Promise<QrDetector> {
  detector ??= create().catch((error: unknown) => {
    detector = null // the next scanner tries again (a network blip while fetching the .wasm)
    throw error
  })
  return detector
}

async function create(): Promise<QrDetector> {
  const native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector
  const formats: string[] = native ? await native.getSupportedFormats().catch(() => []) : []
  if (native && formats.includes('qr_code')) {
    return new native({ formats: ['qr_code'] })
  }
  const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill')
  // Fetched and compiled now, so a scanner that cannot start says so at once rather than on the first frame.
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  })
  return new BarcodeDetector({ formats: ['qr_code'] })
}
