; Inno Setup script for CrisisDesk: a per-user install (no administrator rights needed),
; Start-menu shortcut, Arabic and English installer, and an uninstaller that keeps the
; crisis room's databases and exports unless the user asks for them to go.
;
; packaging/build.py compiles it after PyInstaller; by hand (Inno Setup 6.3 or newer):
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\CrisisDesk /DIconFile=build\generated\crisisdesk.ico
;        /Odist\installer packaging\windows\crisisdesk.iss
;
; What the user's data is, and where (see crisisdesk/storage/location.py, docs/windows.md):
;   %LOCALAPPDATA%\CrisisDesk             databases (*.db, -wal, -shm, *.bak), exports,
;                                         the unencrypted secrets fallback, timer locks
;   HKCU\Software\CrisisDesk\CrisisDesk   desktop settings (QSettings)
;   Windows Credential Manager "CrisisDesk"  log-signing keys and API tokens (always kept:
;                                         without the key, old checkpoints cannot be re-signed)

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\CrisisDesk"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\generated\crisisdesk.ico"
#endif
#define AppName "CrisisDesk"
#define AppExe "CrisisDesk.exe"
#define DataFolder "{localappdata}\CrisisDesk"

; Arabic ships with Inno Setup 6.5 and later; older releases keep it under Unofficial.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Arabic.isl")
  #define ArabicMessages "compiler:Languages\Arabic.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\Arabic.isl")
  #define ArabicMessages "compiler:Languages\Unofficial\Arabic.isl"
#else
  #error Arabic.isl is missing: install Inno Setup 6.5 or newer (it ships the Arabic messages)
#endif

[Setup]
AppId={{6F1C2B9E-4D3A-4B7E-9C51-2E8D7A0C4F13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CrisisDesk developers
VersionInfoVersion={#AppVersion}
; Per user, no UAC prompt: crisis-room laptops are often locked down.
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
; The app may be open during an update: close it through the Restart Manager.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "arabic"; MessagesFile: "{#ArabicMessages}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.DesktopIcon=Create a &desktop shortcut
arabic.DesktopIcon=إنشاء اختصار على سطح ال&مكتب
english.KeepDataTitle=Your CrisisDesk data
arabic.KeepDataTitle=بيانات CrisisDesk
english.DeleteDataPrompt=CrisisDesk has been removed.%n%nYour databases, decision logs and exports are still in:%n%1%n%nDelete them too? This cannot be undone. Choose No to keep them (recommended: a post-incident review may still need them).
arabic.DeleteDataPrompt=أُزيل برنامج CrisisDesk.%n%nما زالت قواعد البيانات وسجلات القرارات والملفات المصدَّرة محفوظة في:%n%1%n%nهل تريد حذفها أيضًا؟ لا يمكن التراجع عن الحذف. اختر «لا» للإبقاء عليها (يوصى بذلك؛ فقد تحتاج إليها مراجعة ما بعد الحادثة).
english.DataDeleted=Your CrisisDesk data has been deleted.
arabic.DataDeleted=حُذفت بيانات CrisisDesk.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; A leftover portable marker or data folder from testing must never reach an install.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Excludes: "\portable,\data\*"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Qt's cache (compiled catalogues) is rebuilt on demand; it is not the user's data.
Type: filesandordirs; Name: "{#DataFolder}\CrisisDesk\cache"

[Code]
{ The uninstaller keeps the user's databases and exports unless the user says otherwise:
  an interactive uninstall asks (default answer: keep); a silent one keeps them unless run
  with /DELETEUSERDATA. }

function DataFolderPath(): String;
begin
  Result := ExpandConstant('{#DataFolder}');
end;

function AskedToDeleteData(): Boolean;
begin
  if UninstallSilent() then
    Result := Pos('/DELETEUSERDATA', Uppercase(GetCmdTail())) > 0
  else
    Result := MsgBox(FmtMessage(CustomMessage('DeleteDataPrompt'), [DataFolderPath()]),
                     mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  if not DirExists(DataFolderPath()) then
    exit;
  if AskedToDeleteData() then
  begin
    DelTree(DataFolderPath(), True, True, True);
    RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, 'Software\CrisisDesk');
    if not UninstallSilent() then
      MsgBox(CustomMessage('DataDeleted'), mbInformation, MB_OK);
  end;
end;
