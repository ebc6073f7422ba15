; Inno Setup script for reviewer's Windows installer (written, not yet run: see
; docs/packaging.md). From the checkout root, after PyInstaller made dist\reviewer\:
;
;   iscc /DAppVersion=0.1.0 packaging\windows\reviewer.iss
;
; writes dist\reviewer-0.1.0-setup.exe. It installs per user by default (no administrator
; rights needed) or for all users, adds a Start menu entry for the app, puts reviewer.exe
; (the command line) on the PATH on request, and uninstalls cleanly.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\reviewer.iss
#endif

[Setup]
AppId={{6F1A7C2E-3B5D-4E8A-9C41-2D7B8E0F5A63}
AppName=Reviewer
AppVersion={#AppVersion}
AppPublisher=reviewer developers
DefaultDirName={autopf}\Reviewer
DefaultGroupName=Reviewer
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=reviewer-{#AppVersion}-setup
SetupIconFile=build\reviewer\reviewer.ico
UninstallDisplayIcon={app}\reviewer-gui.exe
ChangesEnvironment=yes
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked
Name: "addtopath"; Description: "Add the reviewer command to the PATH"; Flags: unchecked

[Files]
Source: "dist\reviewer\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Reviewer"; Filename: "{app}\reviewer-gui.exe"
Name: "{autodesktop}\Reviewer"; Filename: "{app}\reviewer-gui.exe"; Tasks: desktopicon

[Registry]
; The user's or the machine's PATH, by install mode; removed again on uninstall.
Root: HKA; Subkey: "{code:EnvironmentKey}"; ValueType: expandsz; ValueName: "Path"; \
    ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotOnPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\reviewer-gui.exe"; Description: "{cm:LaunchProgram,Reviewer}"; \
    Flags: nowait postinstall skipifsilent

[Code]
function EnvironmentKey(Param: String): String;
begin
  if IsAdminInstallMode then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

function NotOnPath(Dir: String): Boolean;
var
  Path: String;
begin
  if not RegQueryStringValue(HKA, EnvironmentKey(''), 'Path', Path) then
    Path := '';
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Path, Dir: String;
  P: Integer;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  if not RegQueryStringValue(HKA, EnvironmentKey(''), 'Path', Path) then
    exit;
  Dir := ExpandConstant('{app}');
  P := Pos(';' + Uppercase(Dir), Uppercase(Path));
  if P > 0 then
  begin
    Delete(Path, P, Length(Dir) + 1);
    RegWriteExpandStringValue(HKA, EnvironmentKey(''), 'Path', Path);
  end;
end;
