; Inno Setup script for Centre Desk; built by installer/build.py, which passes AppVersion.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6E3B1F0A-8C1D-4C3E-9F2B-CE17DE5C0001}
AppName=Centre Desk
AppVersion={#AppVersion}
DefaultDirName={autopf}\Centre Desk
DefaultGroupName=Centre Desk
OutputDir=..\dist
OutputBaseFilename=CentreDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequiredOverridesAllowed=dialog
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\CentreDesk.exe
; The data folder (%LOCALAPPDATA%\CentreDesk) is never touched by install or uninstall.

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "ar"; MessagesFile: "compiler:Languages\Arabic.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\CentreDesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Centre Desk"; Filename: "{app}\CentreDesk.exe"
Name: "{autodesktop}\Centre Desk"; Filename: "{app}\CentreDesk.exe"

[Run]
Filename: "{app}\CentreDesk.exe"; Flags: nowait postinstall skipifsilent
