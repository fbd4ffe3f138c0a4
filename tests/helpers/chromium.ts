/**
 * Launches the system Chromium (/usr/bin/chromium) through playwright-core with the flags that
 * work here (docs/environment.md): headless, fake camera and permission prompt, loopback WebRTC.
 * Never run `npx playwright install`.
 */
import { type Browser, chromium, type LaunchOptions } from 'playwright-core'

/** Flags from docs/environment.md "WebRTC on loopback". */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
]

/** Extra flags that give pages a WebGPU adapter on this GPU-less machine (SwiftShader). */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader']

/** Path of the Chromium binary: `PRISM_CHROMIUM` or /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.PRISM_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Launches Chromium with {@link CHROMIUM_FLAGS} plus `extraArgs` (e.g. {@link WEBGPU_FLAGS}).
 *
 * @example
 * const browser = await launchChromium()
 * const page = await browser.newPage()
 * await browser.close()
 */
export async function launchChromium(
  extraArgs: string[] = [],
  options: LaunchOptions = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    ...options,
  })
}
