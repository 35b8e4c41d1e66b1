; Inno Setup 6 script for Centre Desk, compiled by installer/build.py:
;   ISCC /DAppVersion=X.Y.Z [/DSign /Ssigntool="signtool sign ... $f"] installer\centre_desk.iss
; Per-user install (no administrator rights) into %LOCALAPPDATA%\Programs\Centre Desk.
; The data folder (%LOCALAPPDATA%\CentreDesk) is never touched by an install, an update or a
; silent uninstall; an interactive uninstall asks, default No.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppExe "CentreDesk.exe"
#define DataFolder "{localappdata}\CentreDesk"

[Setup]
AppId={{6E3B1F0A-8C1D-4C3E-9F2B-CE17DE5C0001}
AppName=Centre Desk
AppVersion={#AppVersion}
AppVerName=Centre Desk {#AppVersion}
AppPublisher=Centre Desk
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={autopf}\Centre Desk
DefaultGroupName=Centre Desk
DisableProgramGroupPage=yes
DisableDirPage=auto
OutputDir=..\dist
OutputBaseFilename=CentreDesk-Setup-{#AppVersion}
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName=Centre Desk
Compression=lzma2/max
SolidCompression=yes
PrivilegesRequiredOverridesAllowed=dialog
; The data folder (%LOCALAPPDATA%\CentreDesk) is kept on uninstall unless the user asks.
WizardStyle=modern
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
CloseApplications=yes
#ifdef Sign
; build.py defines Sign and the sign tool when CENTRE_DESK_SIGN is set (see README).
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\Arabic.isl")
Name: "ar"; MessagesFile: "compiler:Languages\Arabic.isl"
#else
  #pragma message "Arabic.isl is not in this Inno Setup: the installer speaks French and English"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fr.GuideName=Guide de l'utilisateur
en.GuideName=User guide
fr.AskDeleteData=Supprimer aussi mes données ?%n%nLe dossier %1 contient la base de données du centre (enfants, familles, présences, attestations) et ses sauvegardes automatiques.%n%nNon (conseillé) : elles restent sur cet ordinateur et Centre Desk les retrouvera s'il est réinstallé.
en.AskDeleteData=Also delete my data?%n%nThe folder %1 holds the centre's database (children, families, attendance, certificates) and its automatic backups.%n%nNo (advised): they stay on this computer and Centre Desk finds them again if it is installed again.
fr.ConfirmDeleteData=Tout le dossier %1 va être effacé, y compris les sauvegardes automatiques du dossier %2.%n%nSi vous pourriez en avoir besoin, copiez d'abord ce dossier de sauvegardes sur une clé USB. Les sauvegardes que vous avez faites ailleurs (clé USB) ne sont pas touchées, et la clé de récupération reste nécessaire pour les ouvrir.%n%nEffacer maintenant ?
en.ConfirmDeleteData=The whole folder %1 will be erased, including the automatic backups in %2.%n%nIf you might need them, first copy that backups folder to a USB stick. Backups you made elsewhere (a USB stick) are not touched, and the recovery key is still needed to open them.%n%nErase now?
#if FileExists(AddBackslash(CompilerPath) + "Languages\Arabic.isl")
ar.GuideName=دليل المستخدم
ar.AskDeleteData=هل تريد حذف بياناتي أيضا؟%n%nيحتوي المجلد %1 على قاعدة بيانات المركز (الأطفال، الأسر، الحضور، الشهادات) ونسخها الاحتياطية التلقائية.%n%nلا (يُنصح به): تبقى على هذا الحاسوب ويجدها Centre Desk إذا أُعيد تثبيته.
ar.ConfirmDeleteData=سيُمحى المجلد %1 كله، بما فيه النسخ الاحتياطية التلقائية في %2.%n%nإذا كنت قد تحتاجها، انسخ مجلد النسخ الاحتياطية هذا أولا إلى مفتاح USB. النسخ التي أخذتها في مكان آخر (مفتاح USB) لا تُمس، ويبقى مفتاح الاسترجاع ضروريا لفتحها.%n%nهل تريد المحو الآن؟
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\CentreDesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion createallsubdirs

[Icons]
Name: "{autoprograms}\Centre Desk"; Filename: "{app}\{#AppExe}"
Name: "{autoprograms}\{cm:GuideName}"; Filename: "{app}\_internal\resources\guide\guide-fr.pdf"; Languages: fr en
#if FileExists(AddBackslash(CompilerPath) + "Languages\Arabic.isl")
Name: "{autoprograms}\{cm:GuideName}"; Filename: "{app}\_internal\resources\guide\guide-ar.pdf"; Languages: ar
#endif
Name: "{autodesktop}\Centre Desk"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,Centre Desk}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Data, Backups: String;
begin
  if (CurUninstallStep <> usPostUninstall) or UninstallSilent() then
    exit;  { a silent uninstall (an update, an administrator's script) never deletes data }
  Data := ExpandConstant('{#DataFolder}');
  Backups := AddBackslash(Data) + 'backups';
  if not DirExists(Data) then
    exit;
  if MsgBox(FmtMessage(CustomMessage('AskDeleteData'), [Data]), mbConfirmation,
            MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    exit;
  if MsgBox(FmtMessage(CustomMessage('ConfirmDeleteData'), [Data, Backups]), mbError,
            MB_YESNO or MB_DEFBUTTON2) = IDYES then
    DelTree(Data, True, True, True);
end;
