; Inno Setup 6 script for Hub Sorter: a per-machine install of the one-folder bundle that
; tools/build.py makes in dist\HubSorter. Build it on Windows (docs/packaging.md):
;   python tools\build.py
;   iscc installer\hub-sorter.iss
; Silent install for IT:  HubSorter-Setup-<version>.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;
; Data and settings are never in the install folder: the database, outbox, exports and logs live
; in %PROGRAMDATA%\HubSorter (sorter_app/settings.py: Paths), settings per user in
; %LOCALAPPDATA%\hub-sorter. Neither is removed on upgrade or uninstall.
; Kept ASCII on purpose: the script then reads the same in every code page.

#define AppName "Hub Sorter"
#define AppExe "HubSorter.exe"
#define Bundle AddBackslash(SourcePath) + "..\dist\HubSorter"
; The version comes from the built program (build.spec writes it from pyproject.toml); pass
; /DAppVersion=x.y.z to iscc to override it.
#ifndef AppVersion
  #define AppVersion GetFileVersionString(Bundle + "\" + AppExe)
#endif

[Setup]
; Never change the AppId: Windows knows an installed Hub Sorter by it, and an upgrade finds the
; previous install (and its folder) through it.
AppId={{57842D41-0E2A-4558-9BB9-FC9135520A8C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Hub Sorter
DefaultDirName={autopf}\HubSorter
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per machine: Program Files, the common Start menu, %PROGRAMDATA% made writable for all users.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=HubSorter-Setup-{#AppVersion}
SetupIconFile=..\resources\icons\hub-sorter.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; A running Hub Sorter is closed before its files are replaced (Restart Manager).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; The previous version's libraries go before the new ones are copied: a library the new build no
; longer ships must not be loaded by mistake. Only the program folder; data lives elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Dirs]
; Shared by every Windows login at the station, so every user may write there. Kept on uninstall.
Name: "{commonappdata}\HubSorter"; Permissions: users-modify; Flags: uninsneveruninstall
Name: "{commonappdata}\HubSorter\logs"; Permissions: users-modify; Flags: uninsneveruninstall

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
; For IT: the doctor's report in a console window that stays open.
Name: "{autoprograms}\{#AppName} doctor"; Filename: "{cmd}"; Parameters: "/k ""{app}\sorter-app.exe"" doctor"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
