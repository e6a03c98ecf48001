#!/usr/bin/env bash
# Regenerates every icon from icons/keyport.svg: the PNGs at 16..512 px, the Windows .ico, the
# macOS .icns, and the window icons the desktop loads from the classpath. Nobody edits a PNG by hand:
# change the SVG and run this. Needs Debian's librsvg2-bin (rsvg-convert), imagemagick (convert)
# and icnsutils (png2icns). The generated files are committed, so builds do not need these tools.
set -euo pipefail
cd "$(dirname "$0")/.."

svg=icons/keyport.svg
for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || { echo "icons.sh: $tool is missing (apt-get install librsvg2-bin imagemagick icnsutils)" >&2; exit 1; }
done

sizes=(16 32 48 64 128 256 512)
for size in "${sizes[@]}"; do
  rsvg-convert --width "$size" --height "$size" --format png "$svg" --output "icons/keyport-$size.png"
done

# Windows: one .ico holding the sizes Explorer and the taskbar ask for (256 is stored as PNG).
convert icons/keyport-16.png icons/keyport-32.png icons/keyport-48.png icons/keyport-64.png \
  icons/keyport-128.png icons/keyport-256.png icons/keyport.ico

# macOS: png2icns takes the sizes the .icns format has (16, 32, 48, 128, 256, 512; not 64).
png2icns icons/keyport.icns icons/keyport-16.png icons/keyport-32.png icons/keyport-48.png \
  icons/keyport-128.png icons/keyport-256.png icons/keyport-512.png >/dev/null

# Window icons: DesktopApp loads io/keyport/desktop/icons/keyport-<size>.png for every stage.
window=src/main/resources/io/keyport/desktop/icons
mkdir -p "$window"
for size in 16 32 48 64 128 256; do
  cp "icons/keyport-$size.png" "$window/keyport-$size.png"
done
echo "icons.sh: regenerated ${sizes[*]} px PNGs, icons/keyport.ico, icons/keyport.icns and $window"
