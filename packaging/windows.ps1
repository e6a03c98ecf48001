# Windows: the app image and an .msi, from target\keyport.jar with jlink + jpackage. Run it on
# Windows (jpackage makes Windows packages only on Windows), with the WiX Toolset 3.x on PATH
# (jpackage 17 calls its candle.exe and light.exe), through Maven, which builds the jar first and
# passes the version and JDK:
#   mvn -Ppackage package                              # app image + .msi
#   mvn -Ppackage package -Dpackaging.types=app-image  # the app image alone
# Directly: $env:KEYPORT_VERSION='0.1.0'; $env:JAVA_HOME='C:\...\jdk-17'; .\packaging\windows.ps1 [types...]
# (types: app-image msi; default both) or .\packaging\windows.ps1 -CheckModules.
# Output: target\packaging\Keyport\ (the app image, Keyport.exe) and target\packaging\Keyport-<version>.msi.
param(
  [Parameter(ValueFromRemainingArguments = $true)] [string[]] $Types = @('all'),
  [switch] $CheckModules
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$jdk = $env:JAVA_HOME
if (-not $jdk) { throw 'packaging: set JAVA_HOME to a JDK 17+ (Maven passes its own)' }
$version = $env:KEYPORT_VERSION
if (-not $version) { throw 'packaging: set KEYPORT_VERSION (Maven passes the project version)' }
# jpackage wants 1 to 3 numbers (an MSI's ProductVersion): 0.1.0-SNAPSHOT is packaged as 0.1.0.
$appVersion = ($version -split '-')[0]
$jar = Join-Path $root 'target\keyport.jar'
$out = Join-Path $root 'target\packaging'
$mainClass = 'io.keyport.Keyport'
$description = 'Developer credentials on the desktop: apps, client secrets and user tokens.'
$vendor = 'Keyport'
$copyright = 'Copyright (c) the Keyport authors'
# The MSI's UpgradeCode: fixed for ever, so a newer Keyport .msi replaces an older one in place.
$upgradeUuid = '6b8bf634-940d-4f45-9f86-77b6cbba241f'
$jlink = Join-Path $jdk 'bin\jlink.exe'
$jpackage = Join-Path $jdk 'bin\jpackage.exe'

function Log([string] $message) { Write-Host "packaging: $message" }

# Runs a native command and stops on a non-zero exit (PowerShell does not, for native commands).
function Run([string] $exe, [string[]] $arguments) {
  & $exe @arguments
  if ($LASTEXITCODE -ne 0) { throw "packaging: $exe exited with $LASTEXITCODE" }
}

if (-not (Test-Path $jar)) { throw "packaging: $jar is missing: run it through Maven (mvn -Ppackage package)" }
if (-not (Test-Path $jlink) -or -not (Test-Path $jpackage)) { throw "packaging: $jdk has no jlink/jpackage: use a full JDK 17+" }

# The modules of packaging\modules.txt, comma separated.
$modules = (Get-Content (Join-Path $root 'packaging\modules.txt') |
  Where-Object { $_ -notmatch '^\s*(#|$)' } | ForEach-Object { $_.Trim() }) -join ','

if ($CheckModules) {
  $found = & (Join-Path $jdk 'bin\jdeps.exe') --print-module-deps --ignore-missing-deps --multi-release 17 $jar
  if ($LASTEXITCODE -ne 0) { throw 'packaging: jdeps failed' }
  $missing = $found.Trim() -split ',' | Where-Object { ($modules -split ',') -notcontains $_ }
  if ($missing) { throw "packaging: packaging\modules.txt misses $($missing -join ' ') (jdeps: $found)" }
  Log "packaging\modules.txt covers what jdeps finds: $found"
  exit 0
}
if ($Types.Count -eq 0 -or $Types -contains 'all') { $Types = @('app-image', 'msi') }

if (Test-Path $out) { Remove-Item -Recurse -Force $out }
New-Item -ItemType Directory -Force (Join-Path $out 'input') | Out-Null
Copy-Item $jar (Join-Path $out 'input\keyport.jar')

# The runtime image: only Keyport's modules, with the JDK's base CDS archive regenerated for them
# (--generate-cds-archive: bin\server\classes.jsa; jpackage's own jlink run would leave it out).
$runtime = Join-Path $out 'runtime'
Run $jlink @('--add-modules', $modules, '--strip-debug', '--no-header-files', '--no-man-pages',
  '--generate-cds-archive', '--output', $runtime)
if (-not (Test-Path (Join-Path $runtime 'bin\server\classes.jsa'))) { throw 'packaging: jlink wrote no base CDS archive' }
Log "runtime image: $runtime"

# The app image: target\packaging\Keyport (Keyport.exe; the jar in app\, the runtime in runtime\).
# The launcher uses the AppCDS archive next to the jar ($APPDIR: the app folder, expanded by the launcher).
$common = @(
  '--name', 'Keyport',
  '--app-version', $appVersion,
  '--vendor', $vendor,
  '--description', $description,
  '--copyright', $copyright,
  '--icon', (Join-Path $root 'icons\keyport.ico')
)
# The desktop's JVM options, as on Linux and macOS (packaging\desktop-jvm-options.txt says why).
$jvmOptions = @(Get-Content (Join-Path $root 'packaging\desktop-jvm-options.txt') |
  ForEach-Object { ($_ -replace '#.*$', '').Trim() } | Where-Object { $_ })
if ($jvmOptions.Count -eq 0) { throw 'packaging: packaging\desktop-jvm-options.txt names no option' }
$launcher = @(
  '--input', (Join-Path $out 'input'),
  '--main-jar', 'keyport.jar',
  '--main-class', $mainClass,
  '--runtime-image', $runtime
)
foreach ($option in $jvmOptions) { $launcher += @('--java-options', $option) }
Run $jpackage (@('--type', 'app-image', '--dest', $out) + $common + $launcher + @(
  '--java-options', '-XX:SharedArchiveFile=$APPDIR\keyport.jsa',
  '--java-options', '-Xshare:auto'))
$image = Join-Path $out 'Keyport'

# The AppCDS archive: one training run (--measure-startup: start, show the app list, exit) with
# -XX:ArchiveClassesAtExit, on the image's own runtime and jar, in throw-away user folders.
$archive = Join-Path $image 'app\keyport.jsa'
$trainingHome = Join-Path ([System.IO.Path]::GetTempPath()) ('keyport-training-' + [guid]::NewGuid())
New-Item -ItemType Directory -Force (Join-Path $trainingHome 'appdata') | Out-Null
$savedAppData = $env:APPDATA
$env:APPDATA = Join-Path $trainingHome 'appdata'
try {
  # Twice at most: the embedded server can lose its port to a process starting at the same moment.
  $figure = $null
  for ($attempt = 1; $attempt -le 2 -and -not $figure; $attempt++) {
    if (Test-Path $archive) { Remove-Item -Force $archive }
    Log "training run for the AppCDS archive ($archive), attempt $attempt"
    $output = & (Join-Path $image 'runtime\bin\java.exe') @jvmOptions "-XX:ArchiveClassesAtExit=$archive" '-Xlog:cds=off' `
      '-Xlog:cds+dynamic=off' "-Duser.home=$trainingHome" -cp (Join-Path $image 'app\keyport.jar') $mainClass --measure-startup
    $figure = $output | Where-Object { $_ -match '^startup-ms' } | Select-Object -First 1
  }
  if (-not $figure) { throw 'packaging: the training runs did not show the app list' }
  Log $figure
} finally {
  $env:APPDATA = $savedAppData
  Remove-Item -Recurse -Force $trainingHome -ErrorAction SilentlyContinue
}
if (-not (Test-Path $archive)) { throw "packaging: the training run wrote no archive at $archive" }
Log "app image: $image (start it with $image\Keyport.exe)"

if ($Types -notcontains 'msi') { exit 0 }
# The .msi installs under C:\Program Files\Keyport (or where the user chooses). JDK 17 ties an
# AppCDS archive to the jar's absolute path, so an archive trained here would not serve it: the
# installed copy goes without (and without the launcher option naming it, since a missing archive
# turns class sharing off altogether) and starts on the runtime's base CDS archive.
# jpackage makes that copy afresh, without the archive option.
Run $jpackage (@('--type', 'app-image', '--dest', (Join-Path $out 'staged')) + $common + $launcher)
$staged = Join-Path $out 'staged\Keyport'
#   --win-menu / --win-menu-group  a Start menu entry, in a "Keyport" group
#   --win-shortcut                 a desktop shortcut
#   --win-dir-chooser              lets the user pick the folder
#   --win-upgrade-uuid             the fixed UpgradeCode above
Run $jpackage (@('--type', 'msi', '--dest', $out, '--app-image', $staged) + $common + @(
  '--win-menu',
  '--win-menu-group', 'Keyport',
  '--win-shortcut',
  '--win-dir-chooser',
  '--win-upgrade-uuid', $upgradeUuid))
Remove-Item -Recurse -Force (Join-Path $out 'staged')
Log "installer: $((Get-ChildItem $out -Filter '*.msi').FullName)"
