; Inno Setup 6 script for Centre Desk, compiled by installer/build.py (UTF-8 with a BOM, which
; Inno Setup before 6.3 needs to read the French and Arabic texts as UTF-8):
;   ISCC /DAppVersion=X.Y.Z [/DSign /Ssigntool="signtool sign ... $f"] installer\centre_desk.iss
; Per-user install (no administrator rights) into %LOCALAPPDATA%\Programs\Centre Desk.
; The data folder (%LOCALAPPDATA%\CentreDesk) is never touched by an install, an update or a
; silent uninstall; an interactive uninstall offers a "delete my data" box, unticked, which
; shows where the automatic backups are when it is ticked (and asks once more before erasing).
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
fr.DataFormCaption=Désinstaller Centre Desk : vos données
en.DataFormCaption=Uninstall Centre Desk: your data
fr.DataKept=Les données du centre (enfants, familles, présences, attestations) et leurs sauvegardes automatiques sont dans le dossier :%n%1%n%nElles restent sur cet ordinateur, et Centre Desk les retrouvera s'il est réinstallé.
en.DataKept=The centre's data (children, families, attendance, certificates) and its automatic backups are in the folder:%n%1%n%nThey stay on this computer, and Centre Desk finds them again if it is installed again.
fr.DeleteMyData=Supprimer mes données
en.DeleteMyData=Delete my data
fr.BackupsWhere=Tout le dossier %1 sera effacé, y compris les sauvegardes automatiques, qui sont dans :%n%2%n%nSi vous risquez d'en avoir besoin, copiez d'abord ce dossier de sauvegardes sur une clé USB.
en.BackupsWhere=The whole folder %1 will be erased, including the automatic backups, which are in:%n%2%n%nIf you might need them, first copy that backups folder to a USB stick.
fr.ConfirmDeleteData=Tout le dossier %1 va être effacé, y compris les sauvegardes automatiques du dossier %2.%n%nSi vous risquez d'en avoir besoin, copiez d'abord ce dossier de sauvegardes sur une clé USB. Les sauvegardes que vous avez faites ailleurs (clé USB) ne sont pas touchées, et la clé de récupération reste nécessaire pour les ouvrir.%n%nEffacer maintenant ?
en.ConfirmDeleteData=The whole folder %1 will be erased, including the automatic backups in %2.%n%nIf you might need them, first copy that backups folder to a USB stick. Backups you made elsewhere (a USB stick) are not touched, and the recovery key is still needed to open them.%n%nErase now?
#if FileExists(AddBackslash(CompilerPath) + "Languages\Arabic.isl")
ar.GuideName=دليل المستخدم
ar.DataFormCaption=إلغاء تثبيت Centre Desk: بياناتك
ar.DataKept=بيانات المركز (الأطفال، الأسر، الحضور، الشهادات) ونسخها الاحتياطية التلقائية موجودة في المجلد:%n%1%n%nتبقى على هذا الحاسوب، ويجدها Centre Desk إذا أُعيد تثبيته.
ar.DeleteMyData=حذف بياناتي
ar.BackupsWhere=سيُمحى المجلد %1 كله، بما فيه النسخ الاحتياطية التلقائية الموجودة في:%n%2%n%nإذا كنت قد تحتاجها، انسخ مجلد النسخ الاحتياطية هذا أولا إلى مفتاح USB.
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
{ The data folder is kept unless the user ticks "delete my data" on a form shown before anything
  is removed; ticking it shows where the automatic backups are, and erasing is confirmed once more
  (default No). A silent uninstall (an update, an administrator's script) never deletes data. }
var
  DeleteData: Boolean;
  BackupsNote: TNewStaticText;

function DataFolder(): String;
begin
  Result := ExpandConstant('{#DataFolder}');
end;

function BackupsFolder(): String;
begin
  Result := AddBackslash(DataFolder()) + 'backups';
end;

procedure DeleteBoxClicked(Sender: TObject);
begin
  BackupsNote.Visible := TNewCheckBox(Sender).Checked;
end;

function NewText(Form: TSetupForm; const Text: String; Top, Height: Integer): TNewStaticText;
begin
  Result := TNewStaticText.Create(Form);
  Result.Parent := Form;
  Result.AutoSize := False;
  Result.WordWrap := True;
  Result.Left := ScaleX(16);
  Result.Top := Top;
  Result.Width := Form.ClientWidth - ScaleX(32);
  Result.Height := Height;
  Result.Caption := Text;
end;

function NewButton(Form: TSetupForm; const Caption: String; Result_: Integer;
                   Right: Integer): TNewButton;
begin
  Result := TNewButton.Create(Form);
  Result.Parent := Form;
  Result.Caption := Caption;
  Result.ModalResult := Result_;
  Result.Width := ScaleX(96);
  Result.Height := ScaleY(26);
  Result.Left := Right - Result.Width;
  Result.Top := Form.ClientHeight - Result.Height - ScaleY(12);
end;

{ False when the user cancels: then nothing is uninstalled. }
function AskAboutData(): Boolean;
var
  Form: TSetupForm;
  Intro: TNewStaticText;
  DeleteBox: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
#if Ver >= EncodeVer(6, 6, 0)
  { 6.6 takes the size upfront and scales it itself }
  Form := CreateCustomForm(480, 300, False, False);
#else
  Form := CreateCustomForm();
  Form.ClientWidth := ScaleX(480);
  Form.ClientHeight := ScaleY(300);
#endif
  try
    Form.Caption := CustomMessage('DataFormCaption');
    Intro := NewText(Form, FmtMessage(CustomMessage('DataKept'), [DataFolder()]), ScaleY(14),
                     ScaleY(92));
    DeleteBox := TNewCheckBox.Create(Form);
    DeleteBox.Parent := Form;
    DeleteBox.Left := ScaleX(16);
    DeleteBox.Top := Intro.Top + Intro.Height + ScaleY(6);
    DeleteBox.Width := Form.ClientWidth - ScaleX(32);
    DeleteBox.Height := ScaleY(20);
    DeleteBox.Caption := CustomMessage('DeleteMyData');
    DeleteBox.Checked := False;
    DeleteBox.OnClick := @DeleteBoxClicked;
    BackupsNote := NewText(Form, FmtMessage(CustomMessage('BackupsWhere'),
                                            [DataFolder(), BackupsFolder()]),
                           DeleteBox.Top + DeleteBox.Height + ScaleY(8), ScaleY(100));
    BackupsNote.Font.Style := [fsBold];
    BackupsNote.Visible := False;
    CancelButton := NewButton(Form, SetupMessage(msgButtonCancel), mrCancel,
                              Form.ClientWidth - ScaleX(16));
    CancelButton.Cancel := True;
    OkButton := NewButton(Form, SetupMessage(msgButtonOK), mrOk,
                          CancelButton.Left - ScaleX(8));
    OkButton.Default := True;
    Form.ActiveControl := OkButton;
    Form.FlipSizeAndCenterIfNeeded(False, nil, False);  { right to left in Arabic }
    Result := Form.ShowModal() = mrOk;
    DeleteData := Result and DeleteBox.Checked;
  finally
    Form.Free();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  Result := True;
  DeleteData := False;
  if UninstallSilent() or not DirExists(DataFolder()) then
    exit;
  Result := AskAboutData();
  if DeleteData and (MsgBox(FmtMessage(CustomMessage('ConfirmDeleteData'),
                                       [DataFolder(), BackupsFolder()]),
                            mbError, MB_YESNO or MB_DEFBUTTON2) <> IDYES) then
    DeleteData := False;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteData and not UninstallSilent() then
    DelTree(DataFolder(), True, True, True);
end;
