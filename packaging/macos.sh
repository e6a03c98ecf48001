#!/usr/bin/env bash
# macOS: Keyport.app and a .dmg, from target/keyport.jar with jlink + jpackage. Run it on a Mac
# (jpackage makes macOS packages only on macOS), through Maven, which builds the jar first and
# passes the version and JDK:
#   mvn -Ppackage package                              # Keyport.app + .dmg
#   mvn -Ppackage package -Dpackaging.types=app-image  # Keyport.app alone
# Directly: KEYPORT_VERSION=0.1.0 JAVA_HOME=$(/usr/libexec/java_home -v 17) packaging/macos.sh [types...]
# (types: app-image dmg; default both) or packaging/macos.sh --check-modules.
# Output: target/packaging/Keyport.app and target/packaging/Keyport-<version>.dmg. Unsigned: add
# --mac-sign --mac-signing-key-user-name "<team>" to the dmg step to sign with a Developer ID.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = "--check-modules" ]; then
  check_modules
  exit 0
fi
types=("$@")
if [ ${#types[@]} -eq 0 ] || [ "${types[*]}" = "all" ]; then
  types=(app-image dmg)
fi
wants() { [[ " ${types[*]} " == *" $1 "* ]]; }

rm -rf "$out"
mkdir -p "$out"
prepare_input
make_runtime

# The bundle: target/packaging/Keyport.app (open it, or run Contents/MacOS/Keyport).
#   --mac-package-identifier  CFBundleIdentifier
#   --mac-package-name        the name in the menu bar (under 16 characters)
#   --mac-app-category        LSApplicationCategoryType: jpackage prefixes "public.app-category."
#   --icon                    the .icns made by packaging/icons.sh
mac_options=(
  --icon "$root/icons/keyport.icns"
  --mac-package-identifier io.keyport.Keyport
  --mac-package-name Keyport
  --mac-app-category developer-tools
)
"$jdk/bin/jpackage" --type app-image --dest "$out" \
  "${common_jpackage_options[@]}" "${cds_java_options[@]}" "${mac_options[@]}"
image=$out/Keyport.app
# jpackage puts the jar in Contents/app and the runtime in Contents/runtime/Contents/Home.
train_archive "$image/Contents/runtime/Contents/Home/bin/java" "$image/Contents/app/keyport.jar" \
  "$image/Contents/app/keyport.jsa" "$image/Contents/app/keyport.jsa"
log "app bundle: $image"

wants dmg || exit 0
# The .dmg's copy is dragged to /Applications (or anywhere). JDK 17 ties an AppCDS archive to the
# jar's absolute path, so an archive trained here would not serve it: the dmg's bundle goes without
# and starts on the runtime's base CDS archive (lib/server/classes.jsa, kept by make_runtime). It is
# made by jpackage afresh, without the archive option, rather than by editing the bundle above
# (an edited bundle would no longer match jpackage's ad-hoc code signature on Apple silicon).
rm -rf "$out/staged"
"$jdk/bin/jpackage" --type app-image --dest "$out/staged" "${common_jpackage_options[@]}" "${mac_options[@]}"
staged=$out/staged/Keyport.app
"$jdk/bin/jpackage" --type dmg --dest "$out" \
  --app-image "$staged" \
  --name Keyport \
  --app-version "$app_version" \
  --vendor "$vendor" \
  --description "$description" \
  --copyright "$copyright" \
  --icon "$root/icons/keyport.icns" \
  --mac-package-identifier io.keyport.Keyport \
  --mac-package-name Keyport
rm -rf "$out/staged"
log "disk image: $(cd "$out" && ls -1 ./*.dmg)"
