/** Flags for headless Debian Chromium here: offline, root-safe, WebGL2 through ANGLE on SwiftShader. */
export declare const CHROMIUM_FLAGS: string[];
/** CHROME_BIN, else chromium on PATH (installed by scripts/ensure-chromium.sh as root). */
export declare function chromiumPath(): string;
