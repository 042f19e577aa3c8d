; SchoolRoll (控辍保学台账助手) Windows installer: NSIS 3 (stock: MultiUser.nsh, nsExec), Modern UI 2,
; Simplified Chinese. 64-bit Windows 10 1809 (build 17763) or later only: Qt 6.10+ needs that
; (Qt6Core links Windows' own icuuc.dll); elsewhere the program would die at start.
; Two install modes (installer/README.md lists the switches and exit codes):
;   仅为我安装       %LOCALAPPDATA%\Programs\SchoolRoll, HKCU, no admin rights
;   为所有用户安装   %ProgramFiles%\SchoolRoll, HKLM; started as a user, the installer restarts
;                    itself elevated (UAC). Elevated (以管理员身份运行, SYSTEM from a deployment
;                    tool) it installs for all users unless told /CurrentUser.
; Installing or uninstalling stops first if SchoolRoll's window, its CLI or their child processes
; are running. The uninstaller removes the program only: user data, settings and logs
; (%LOCALAPPDATA%\SchoolRoll of each user) stay.
;
;   makensis /DDIST=<one-folder build> /DOUTDIR=<where the setup goes> [/DSIGN_CMD=...] schoolroll.nsi
;
; DIST defaults to dist\SchoolRoll (what `pyinstaller build.spec` writes). SIGN_CMD, when given,
; is run on the installer and on the uninstaller it writes, with the file name in place of %1.

Unicode true
!include "version.nsh"

!ifndef DIST
  !define DIST "..\dist\SchoolRoll"
!endif
!ifndef OUTDIR
  !define OUTDIR "..\dist"
!endif

!define APP_ID "SchoolRoll"
!define APP_NAME "控辍保学台账助手"
!define GUI_EXE "SchoolRoll.exe"
!define CLI_EXE "schoolroll-cli.exe"
!define UNINSTALLER "uninstall.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define MIN_BUILD 17763 ; Windows 10 1809
; Exit codes besides NSIS's own (0 done, 1 cancelled, 2 aborted).
!define EXIT_RUNNING 3
!define EXIT_UNSUPPORTED 4
!define EXIT_ELEVATION_REQUIRED 740 ; ERROR_ELEVATION_REQUIRED

!define MULTIUSER_EXECUTIONLEVEL Standard
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_ID}"
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "Software\${APP_ID}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INIT_TEXT_ALLUSERSNOTPOSSIBLE "为所有用户安装需要管理员权限。"
!include "MultiUser.nsh"
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "nsDialogs.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!ifdef SIGN_CMD
  !finalize '${SIGN_CMD} "%1"'
  !uninstfinalize '${SIGN_CMD} "%1"'
!endif

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTDIR}\SchoolRoll-${VERSION}-setup.exe"
SetCompressor /SOLID lzma
ManifestDPIAware true
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "SchoolRoll"
VIAddVersionKey /LANG=2052 "LegalCopyright" "SchoolRoll"

Var ModeGiven ; "1" when /AllUsers or /CurrentUser was on the command line
Var ModePage
Var ModeAllUsers
Var ModeCurrentUser

!define MUI_ICON "..\desktop\resources\app.ico"
!define MUI_UNICON "..\desktop\resources\app.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将在本机安装 ${APP_NAME} ${VERSION}。$\r$\n$\r$\n可以只为自己安装（不需要管理员权限），也可以为这台电脑的所有用户安装（需要管理员权限）。不需要联网。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "现在运行 ${APP_NAME}"
!define MUI_FINISHPAGE_RUN_FUNCTION RunUnelevated
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将删除 ${APP_NAME} 的程序文件和快捷方式。$\r$\n您的数据、设置和日志（%LOCALAPPDATA%\SchoolRoll）以及您生成的工作簿都会保留；不再需要时可以手动删除。"

!insertmacro MUI_PAGE_WELCOME
Page custom ModePageShow ModePageLeave
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE DirectoryLeave
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; Stops unless SchoolRoll is closed: the window, the CLI, or a child process of either (they run
; the same executables). Asks to close and retry; silent, it exits with EXIT_RUNNING.
!macro DEFINE_CHECK_NOT_RUNNING UN STR
Function ${UN}CheckNotRunning
  retry:
  StrCpy $R0 ""
  nsExec::ExecToStack '"$SYSDIR\tasklist.exe" /NH /FO CSV /FI "IMAGENAME eq ${GUI_EXE}"'
  Pop $0
  Pop $1
  ${${STR}StrStr} $R0 $1 '"${GUI_EXE}"'
  ${If} $R0 == ""
    nsExec::ExecToStack '"$SYSDIR\tasklist.exe" /NH /FO CSV /FI "IMAGENAME eq ${CLI_EXE}"'
    Pop $0
    Pop $1
    ${${STR}StrStr} $R0 $1 '"${CLI_EXE}"'
  ${EndIf}
  ${If} $R0 != ""
    ${If} ${Silent}
      SetErrorLevel ${EXIT_RUNNING}
      Quit
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME} 正在运行（窗口、命令行或它们启动的后台进程）。$\r$\n$\r$\n请先保存工作并关闭它，再点“重试”；点“取消”退出。" IDRETRY retry
    SetErrorLevel ${EXIT_RUNNING}
    Quit
  ${EndIf}
FunctionEnd
!macroend
!insertmacro DEFINE_CHECK_NOT_RUNNING "" ""
!insertmacro DEFINE_CHECK_NOT_RUNNING "un." "Un"

; /AllUsers without admin rights: interactive, restart elevated (Windows asks for an admin's
; consent); silent, nobody could answer that, so exit with EXIT_ELEVATION_REQUIRED.
!macro DEFINE_ELEVATE UN
Function ${UN}ElevateForAllUsers
  ${If} $MultiUser.Privileges == "Admin"
    Return
  ${EndIf}
  ${If} ${Silent}
    SetErrorLevel ${EXIT_ELEVATION_REQUIRED}
    Quit
  ${EndIf}
  ClearErrors
  !if "${UN}" == "un."
    ExecShell "runas" "$INSTDIR\${UNINSTALLER}" "/AllUsers"
  !else
    ExecShell "runas" "$EXEPATH" "/AllUsers"
  !endif
  ${If} ${Errors}
    MessageBox MB_OK|MB_ICONSTOP "没有得到管理员权限，无法为所有用户安装或卸载。"
    SetErrorLevel ${EXIT_ELEVATION_REQUIRED}
  ${EndIf}
  Quit
FunctionEnd
!macroend
!insertmacro DEFINE_ELEVATE ""
!insertmacro DEFINE_ELEVATE "un."

!macro REFUSE_UNSUPPORTED_WINDOWS
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} 需要 64 位的 Windows 10（1809 版或更新）或 Windows 11。$\r$\n$\r$\n这台电脑是 32 位系统，程序装上也无法启动，所以不安装。" /SD IDOK
    SetErrorLevel ${EXIT_UNSUPPORTED}
    Quit
  ${EndIf}
  ${IfNot} ${AtLeastBuild} ${MIN_BUILD}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} 需要 Windows 10 1809 版（内部版本 ${MIN_BUILD}）或更新的版本，或 Windows 11。$\r$\n$\r$\n这台电脑的 Windows 版本较旧（Windows 7、8.1 或早期的 Windows 10），程序装上也无法启动，所以不安装。请先升级 Windows。" /SD IDOK
    SetErrorLevel ${EXIT_UNSUPPORTED}
    Quit
  ${EndIf}
!macroend

; The mode from the command line, else all users when elevated (run as administrator or as
; SYSTEM: the current profile is not the user's), else the current user.
Function .onInit
  !insertmacro REFUSE_UNSUPPORTED_WINDOWS
  SetRegView 64
  UserInfo::GetAccountType
  Pop $MultiUser.Privileges
  ${GetParameters} $0
  ${StrStr} $1 $0 "/AllUsers"
  ${StrStr} $2 $0 "/CurrentUser"
  ${If} $1 != ""
    Call ElevateForAllUsers
  ${EndIf}
  !insertmacro MULTIUSER_INIT
  ${If} $1$2 != ""
    StrCpy $ModeGiven "1"
  ${ElseIf} $MultiUser.Privileges == "Admin"
    Call MultiUser.InstallMode.AllUsers
  ${EndIf}
  Call CheckNotRunning
FunctionEnd

; The uninstaller's mode is where it was installed: the shortcut and the uninstall entry pass
; it; run bare, a folder registered in HKLM means all users.
Function un.onInit
  SetRegView 64
  UserInfo::GetAccountType
  Pop $MultiUser.Privileges
  ${un.GetParameters} $0
  ${UnStrStr} $1 $0 "/AllUsers"
  ${UnStrStr} $2 $0 "/CurrentUser"
  ${If} $1$2 == ""
    ReadRegStr $3 HKLM "Software\${APP_ID}" "InstallDir"
    ${If} $3 == $INSTDIR
      StrCpy $1 "/AllUsers"
    ${EndIf}
  ${EndIf}
  ${If} $1 != ""
    Call un.ElevateForAllUsers
  ${EndIf}
  !insertmacro MULTIUSER_UNINIT
  ${If} $1 != ""
    Call un.MultiUser.InstallMode.AllUsers
  ${EndIf}
  Call un.CheckNotRunning
FunctionEnd

Function ModePageShow
  ${If} $ModeGiven == "1"
    Abort
  ${EndIf}
  !insertmacro MUI_HEADER_TEXT "选择安装方式" "为谁安装 ${APP_NAME}？"
  nsDialogs::Create 1018
  Pop $ModePage
  ${NSD_CreateRadioButton} 10u 10u -10u 12u "仅为我安装（不需要管理员权限）"
  Pop $ModeCurrentUser
  ${NSD_CreateLabel} 22u 24u -22u 20u "装到 %LOCALAPPDATA%\Programs\SchoolRoll，只有当前 Windows 用户能用。"
  Pop $0
  ${NSD_CreateRadioButton} 10u 52u -10u 12u "为所有用户安装（需要管理员权限）"
  Pop $ModeAllUsers
  ${NSD_CreateLabel} 22u 66u -22u 20u "装到 Program Files，这台电脑的每个用户都能用；Windows 会请管理员确认。"
  Pop $0
  ${If} $MultiUser.InstallMode == "AllUsers"
    ${NSD_Check} $ModeAllUsers
  ${Else}
    ${NSD_Check} $ModeCurrentUser
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function ModePageLeave
  ${NSD_GetState} $ModeAllUsers $0
  ${If} $0 == ${BST_CHECKED}
    Call ElevateForAllUsers ; returns only when already elevated
    Call MultiUser.InstallMode.AllUsers
  ${Else}
    Call MultiUser.InstallMode.CurrentUser
  ${EndIf}
FunctionEnd

; A folder the current account cannot write to (Program Files without admin rights) would fail
; halfway through the copy: refuse it here.
Function DirectoryLeave
  ClearErrors
  CreateDirectory "$INSTDIR"
  FileOpen $0 "$INSTDIR\.schoolroll-write-test" w
  ${If} ${Errors}
    MessageBox MB_OK|MB_ICONEXCLAMATION "无法写入文件夹：$\r$\n$INSTDIR$\r$\n$\r$\n请换一个文件夹，或返回上一步选择“为所有用户安装”。"
    Abort
  ${EndIf}
  FileClose $0
  Delete "$INSTDIR\.schoolroll-write-test"
FunctionEnd

; Elevated, Exec would start SchoolRoll as administrator; explorer starts it as the user.
Function RunUnelevated
  ${If} $MultiUser.InstallMode == "AllUsers"
    Exec '"$WINDIR\explorer.exe" "$INSTDIR\${GUI_EXE}"'
  ${Else}
    Exec '"$INSTDIR\${GUI_EXE}"'
  ${EndIf}
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  ; A previous version's files must not linger next to the new ones.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  ; SHCTX, $SMPROGRAMS and $DESKTOP follow the mode: HKLM and the common folders for all users.
  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\卸载 ${APP_NAME}.lnk" "$INSTDIR\${UNINSTALLER}" "/$MultiUser.InstallMode"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}"

  WriteRegStr SHCTX "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "SchoolRoll"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Only what the installer put there: never RMDir /r $INSTDIR, the user may have chosen a
  ; folder that holds other files.
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINST_KEY}"
  DeleteRegKey SHCTX "Software\${APP_ID}"
SectionEnd
