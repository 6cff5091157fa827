#!/usr/bin/env pwsh
<#
.SYNOPSIS
Builds, tests, publishes and packages kubectl-klutch. A thin wrapper: every step runs one plain
`dotnet` command, printed before it runs, and README.md lists the same commands for machines
without PowerShell (CI runs them directly).

.EXAMPLE
./build.ps1                                  # build, then test
./build.ps1 package -Runtime linux-arm64     # Native AOT binary, archive, sha256, plugin.yaml
./build.ps1 publish,package -Version v1.2.3  # a release; the version is the git tag
#>
param(
    [ValidateSet('build', 'test', 'publish', 'package', 'manifest')]
    [string[]] $Task = @('build', 'test'),
    # A .NET runtime identifier: linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64.
    [string] $Runtime = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier,
    # Empty: the Version property of Directory.Build.props.
    [string] $Version = ''
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Dotnet([string[]] $Arguments) {
    Write-Host "dotnet $($Arguments -join ' ')"
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed (exit code $LASTEXITCODE)" }
}

$versionArgs = if ($Version) { @("-p:Version=$($Version.TrimStart('v'))") } else { @() }
# Linux arm64 on an x64 Linux host: the cross toolchain needs clang as the linker driver.
$crossArgs = if ($Runtime -like 'linux-*' -and -not $Runtime.EndsWith("-$([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant())")) { @('-p:CppCompilerAndLinker=clang') } else { @() }

foreach ($step in $Task) {
    switch ($step) {
        'build' { Invoke-Dotnet (@('build', 'KubectlKlutch.sln') + $versionArgs) }
        'test' { Invoke-Dotnet @('test', 'KubectlKlutch.sln') }
        'publish' { Invoke-Dotnet (@('publish', 'cmd/kubectl-klutch', '-c', 'Release', '-r', $Runtime, '-o', "artifacts/publish/$Runtime") + $versionArgs + $crossArgs) }
        'package' { Invoke-Dotnet (@('msbuild', 'build/Package.proj', '-t:Package', "-p:RuntimeIdentifier=$Runtime") + $versionArgs) }
        'manifest' { Invoke-Dotnet (@('msbuild', 'build/Package.proj', '-t:Manifest') + $versionArgs) }
    }
}
