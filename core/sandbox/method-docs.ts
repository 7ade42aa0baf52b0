/**
 * The dedicated server's published XML-RPC methods as data: each one's signature (the answer of
 * system.methodSignature), a help line (system.methodHelp) and the lowest authorization level that may call
 * it. The list and the levels follow the server's own listing (system.listMethods with its methodHelp texts,
 * "Only available to Admin/SuperAdmin", as printed by maniaplanet/dedicated-server-api's documentation
 * generator); the help lines here are short descriptions, not the server's full texts.
 *
 * One line per method: `<level> <return type> <Name>(<parameter types>) <help>`, level U (User), A (Admin)
 * or S (SuperAdmin).
 */

export type MethodLevel = 'User' | 'Admin' | 'SuperAdmin';

export interface MethodDoc {
  name: string;
  /** [return type, ...parameter types], as system.methodSignature lists one signature. */
  signature: string[];
  help: string;
  level: MethodLevel;
}

const LISTING = `
U array system.listMethods() Returns every method of this server.
U array system.methodSignature(string) Returns the signatures of a method: arrays of the return type then the parameter types.
U string system.methodHelp(string) Returns the help text of a method.
U array system.multicall(array) Runs an array of {methodName, params} calls; each result is a one-item array or a fault struct.
U boolean Authenticate(string, string) Logs in with a level's name and password, gaining that level's methods.
S boolean ChangeAuthPassword(string, string) Changes the password of a level.
U boolean EnableCallbacks(boolean) Asks the server to send callbacks on this connection.
U boolean SetApiVersion(string) Chooses the API version of this connection.
U struct GetVersion() Returns Name, TitleId, Version, Build and ApiVersion of the server.
U struct GetStatus() Returns the server's status Code and Name.
S boolean QuitGame() Quits the server.
A boolean CallVote(string) Calls a vote for an XML-RPC request.
A boolean CallVoteEx(string, double, int, int) Calls a vote with a ratio, a timeout and who votes.
U boolean InternalCallVote() Used by the game itself.
A boolean CancelVote() Cancels the vote under way.
U struct GetCurrentCallVote() Returns the vote under way: CallerLogin, CmdName, CmdParam.
A boolean SetCallVoteTimeOut(int) Sets the vote timeout; 0 disables votes. Takes effect with the next map.
U struct GetCallVoteTimeOut() Returns the current and next vote timeout.
A boolean SetCallVoteRatio(double) Sets the default ratio a vote needs, from 0 to 1.
U double GetCallVoteRatio() Returns the default ratio a vote needs.
A boolean SetCallVoteRatios(array) Sets the ratio of each vote command.
U array GetCallVoteRatios() Returns the ratio of each vote command.
A boolean SetCallVoteRatiosEx(boolean, array) Sets the ratio of each vote command and parameter.
U array GetCallVoteRatiosEx() Returns the ratio of each vote command and parameter.
A boolean ChatSendServerMessage(string) Sends a chat line to everyone, without the server's login.
A boolean ChatSendServerMessageToLanguage(array, string) Sends a chat line in each player's language, without the server's login.
A boolean ChatSendServerMessageToId(string, int) Sends a chat line to one player id, without the server's login.
A boolean ChatSendServerMessageToLogin(string, string) Sends a chat line to logins (comma-separated), without the server's login.
A boolean ChatSend(string) Sends a chat line to everyone.
A boolean ChatSendToLanguage(array, string) Sends a chat line in each player's language.
A boolean ChatSendToLogin(string, string) Sends a chat line to logins (comma-separated).
A boolean ChatSendToId(string, int) Sends a chat line to one player id.
A array GetChatLines() Returns the last chat lines, at most 40.
A boolean ChatEnableManualRouting(boolean, boolean) Stops dispatching players' chat: it only reaches the controller, which forwards it; the second flag forwards the server's own lines automatically.
A boolean ChatForwardToLogin(string, string, string) (Text, SenderLogin, DestLogin) Forwards a chat line on behalf of a player, to logins or everyone; needs manual routing.
A boolean SendNotice(string, string, int) Shows a notice to everyone, with an avatar login and a variant.
A boolean SendNoticeToId(int, string, int, int) Shows a notice to one player id.
A boolean SendNoticeToLogin(string, string, string, int) Shows a notice to logins (comma-separated).
A boolean SendDisplayManialinkPage(string, int, boolean) Shows a ManiaLink page to everyone, with a timeout and hide-on-click.
A boolean SendDisplayManialinkPageToId(int, string, int, boolean) Shows a ManiaLink page to one player id.
A boolean SendDisplayManialinkPageToLogin(string, string, int, boolean) Shows a ManiaLink page to logins (comma-separated).
A boolean SendHideManialinkPage() Hides the ManiaLink pages of everyone.
A boolean SendHideManialinkPageToId(int) Hides the ManiaLink pages of one player id.
A boolean SendHideManialinkPageToLogin(string) Hides the ManiaLink pages of logins (comma-separated).
U array GetManialinkPageAnswers() Returns the latest ManiaLink answers: Login, PlayerId, Result.
A boolean SendOpenLinkToId(int, string, int) Opens a link for one player id.
A boolean SendOpenLinkToLogin(string, string, int) Opens a link for logins (comma-separated).
A boolean Kick(string, string) Kicks a login, with an optional message.
A boolean KickId(int, string) Kicks a player id, with an optional message.
A boolean Ban(string, string) Bans a login, with an optional message.
A boolean BanAndBlackList(string, string, boolean) Bans and blacklists a login, optionally saving the list.
A boolean BanId(int, string) Bans a player id, with an optional message.
A boolean UnBan(string) Lifts the ban of a login.
A boolean CleanBanList() Empties the ban list.
U array GetBanList(int, int) Returns up to max banned players from a start index: Login, ClientName, IPAddress.
S boolean BlackList(string) Blacklists a login.
S boolean BlackListId(int) Blacklists a player id.
S boolean UnBlackList(string) Removes a login from the blacklist.
S boolean CleanBlackList() Empties the blacklist.
U array GetBlackList(int, int) Returns up to max blacklisted logins from a start index.
A boolean LoadBlackList(string) Loads the blacklist from a file.
A boolean SaveBlackList(string) Saves the blacklist to a file.
A boolean AddGuest(string) Adds a login to the guest list.
A boolean AddGuestId(int) Adds a player id to the guest list.
A boolean RemoveGuest(string) Removes a login from the guest list.
A boolean RemoveGuestId(int) Removes a player id from the guest list.
A boolean CleanGuestList() Empties the guest list.
U array GetGuestList(int, int) Returns up to max guests from a start index.
A boolean LoadGuestList(string) Loads the guest list from a file.
A boolean SaveGuestList(string) Saves the guest list to a file.
A boolean SetBuddyNotification(string, boolean) Sets whether buddy notifications go to the chat, for a login or everyone.
U boolean GetBuddyNotification(string) Returns whether buddy notifications are on, for a login or everyone.
A boolean WriteFile(string, base64) Writes a file under the Maps folder.
A boolean TunnelSendDataToId(int, base64) Sends data to one player id.
A boolean TunnelSendDataToLogin(string, base64) Sends data to logins (comma-separated).
A boolean Echo(string, string) Logs its parameters and sends the ManiaPlanet.Echo callback to every client.
A boolean Ignore(string) Mutes a login.
A boolean IgnoreId(int) Mutes a player id.
A boolean UnIgnore(string) Unmutes a login.
A boolean UnIgnoreId(int) Unmutes a player id.
A boolean CleanIgnoreList() Empties the ignore list.
U array GetIgnoreList(int, int) Returns up to max muted logins from a start index.
A int Pay(string, int, string) Pays planets from the server's account to a login; returns the bill id.
A int SendBill(string, int, string, string) Sends a bill to a login; returns the bill id.
U struct GetBillState(int) Returns the State, StateName and TransactionId of a bill.
U int GetServerPlanets() Returns the planets on the server's account.
U struct GetSystemInfo() Returns system information, connection rates included.
U boolean SetConnectionRates(int, int) Sets the download and upload rates in kbps.
A array GetServerTags() Returns the server's tags.
A boolean SetServerTag(string, string) Sets a server tag.
A boolean UnsetServerTag(string) Removes a server tag.
A boolean ResetServerTags() Removes every server tag.
A boolean SetServerName(string) Sets the server's name.
U string GetServerName() Returns the server's name.
A boolean SetServerComment(string) Sets the server's comment.
U string GetServerComment() Returns the server's comment.
A boolean SetHideServer(int) Sets whether the server is hidden from the server list (0 visible, 1 hidden, 2 hidden from nations).
U int GetHideServer() Returns whether the server is hidden from the server list.
U boolean IsRelayServer() Returns whether this is a relay server.
A boolean SetServerPassword(string) Sets the players' password.
U string GetServerPassword() Returns the players' password to Admin and SuperAdmin; to others whether there is one.
A boolean SetServerPasswordForSpectator(string) Sets the spectators' password.
U string GetServerPasswordForSpectator() Returns the spectators' password to Admin and SuperAdmin; to others whether there is one.
A boolean SetMaxPlayers(int) Sets the most players; takes effect with the next map.
U struct GetMaxPlayers() Returns the current and next most players.
A boolean SetMaxSpectators(int) Sets the most spectators; takes effect with the next map.
U struct GetMaxSpectators() Returns the current and next most spectators.
A boolean SetLobbyInfo(boolean, int, int, double) Declares the server a lobby.
U struct GetLobbyInfo() Returns whether the server is a lobby and its players.
A boolean CustomizeQuitDialog(string, string, boolean, int) Customises the dialog shown when leaving the server.
A boolean SendToServerAfterMatchEnd(string) Sends players to another server after the match.
A boolean KeepPlayerSlots(boolean) Sets whether a player turning spectator keeps their player slot.
U boolean IsKeepingPlayerSlots() Returns whether players turning spectator keep their slot.
A boolean EnableP2PUpload(boolean) Sets peer-to-peer upload.
U boolean IsP2PUpload() Returns whether peer-to-peer upload is on.
A boolean EnableP2PDownload(boolean) Sets peer-to-peer download.
U boolean IsP2PDownload() Returns whether peer-to-peer download is on.
A boolean AllowMapDownload(boolean) Sets whether clients may download maps.
U boolean IsMapDownloadAllowed() Returns whether clients may download maps.
A string GameDataDirectory() Returns the path of the game data folder.
A string GetMapsDirectory() Returns the path of the maps folder.
A string GetSkinsDirectory() Returns the path of the skins folder.
A boolean SetTeamInfo(string, double, string, string, double, string, string, double, string) Sets team names and colours (deprecated).
A struct GetTeamInfo(int) Returns the information of a clan.
A boolean SetForcedClubLinks(string, string) Sets the club links of the two clans.
U struct GetForcedClubLinks() Returns the forced club links.
A string ConnectFakePlayer() Connects a fake player (a debug tool) and returns its login.
A boolean DisconnectFakePlayer(string) Disconnects a fake player, or all with '*'.
U struct GetDemoTokenInfosForPlayer(string) Returns TokenCost and CanPayToken for a login.
A boolean DisableHorns(boolean) Turns horns off or on.
U boolean AreHornsDisabled() Returns whether horns are off.
A boolean DisableServiceAnnounces(boolean) Turns the join and leave announcements off or on.
U boolean AreServiceAnnouncesDisabled() Returns whether the join and leave announcements are off.
S boolean AutoSaveReplays(boolean) Sets whether every replay is saved.
S boolean AutoSaveValidationReplays(boolean) Sets whether validation replays are saved.
U boolean IsAutoSaveReplaysEnabled() Returns whether every replay is saved.
U boolean IsAutoSaveValidationReplaysEnabled() Returns whether validation replays are saved.
A boolean SaveCurrentReplay(string) Saves the current replay.
A boolean SaveBestGhostsReplay(string, string) Saves a replay of the best runs' ghosts.
U base64 GetValidationReplay(string) Returns the replay validating a login's best time.
A boolean SetLadderMode(int) Sets the ladder mode; takes effect with the next map.
U struct GetLadderMode() Returns the current and next ladder mode.
U struct GetLadderServerLimits() Returns LadderServerLimitMin and LadderServerLimitMax.
A boolean SetVehicleNetQuality(int) Sets the vehicle network quality; takes effect with the next map.
U struct GetVehicleNetQuality() Returns the current and next vehicle network quality.
A boolean SetServerOptions(struct) Sets the server options from a struct.
U struct GetServerOptions() Returns the server options.
A boolean SetForcedTeams(boolean) Sets whether the server assigns the teams.
U boolean GetForcedTeams() Returns whether the server assigns the teams.
A boolean SetForcedMods(boolean, array) Sets the mods forced on clients.
U struct GetForcedMods() Returns the forced mods.
A boolean SetForcedMusic(boolean, string) Sets the music forced on clients.
U struct GetForcedMusic() Returns the forced music.
A boolean SetForcedSkins(array) Sets skin remappings.
U array GetForcedSkins() Returns the skin remappings.
A string GetLastConnectionErrorMessage() Returns the last internet connection error.
A boolean SetRefereePassword(string) Sets the referees' password.
U string GetRefereePassword() Returns the referees' password to Admin and SuperAdmin; to others whether there is one.
A boolean SetRefereeMode(int) Sets what referees validate.
U int GetRefereeMode() Returns what referees validate.
A boolean SetServerPlugin(boolean, string, struct) Sets the server plugin script.
U struct GetServerPlugin() Returns the server plugin's settings.
A boolean SetUseChangingValidationSeed(boolean) Sets whether the validation seed changes; takes effect with the next map.
U struct GetUseChangingValidationSeed() Returns the current and next changing validation seed.
A boolean SetClientInputsMaxLatency(int) Sets the most time to wait for client inputs.
U int GetClientInputsMaxLatency() Returns the most time to wait for client inputs.
A boolean SetWarmUp(boolean) Sets the warm-up phase.
U boolean GetWarmUp() Returns whether the server is in warm-up.
U string GetModeScriptText() Returns the mode script's text.
A boolean SetModeScriptText(string) Sets the mode script's text and restarts.
U struct GetModeScriptInfo() Returns the mode script's Name, CompatibleMapTypes, Description, Version, ParamDescs and CommandDescs.
U struct GetModeScriptSettings() Returns the mode script's settings.
A boolean SetModeScriptSettings(struct) Changes the mode script's settings.
A boolean SendModeScriptCommands(struct) Sends commands to the mode script.
A boolean SetModeScriptSettingsAndCommands(struct, struct) Changes the mode script's settings and sends it commands.
U struct GetModeScriptVariables() Returns the mode script's XML-RPC variables.
A boolean SetModeScriptVariables(struct) Sets the mode script's XML-RPC variables.
A boolean TriggerModeScriptEvent(string, string) Sends an event to the mode script.
A boolean TriggerModeScriptEventArray(string, array) Sends an event with an array of strings to the mode script.
A struct GetScriptCloudVariables(string, string) Returns the cloud variables of an object.
A boolean SetScriptCloudVariables(string, string, struct) Sets the cloud variables of an object.
A boolean RestartMap() Restarts the map.
A boolean NextMap() Goes to the next map.
A boolean AutoTeamBalance() Balances the teams.
S boolean StopServer() Stops the server.
A boolean ForceEndRound() Ends the round without waiting for the players.
A boolean SetGameInfos(struct) Sets the legacy game settings; takes effect with the next map.
U struct GetCurrentGameInfo() Returns the current legacy game settings.
U struct GetNextGameInfo() Returns the legacy game settings of the next map.
U struct GetGameInfos() Returns CurrentGameInfos and NextGameInfos.
A boolean SetGameMode(int) Sets the legacy game mode (0 is Script); takes effect with the next map.
U int GetGameMode() Returns the legacy game mode (0 is Script).
A boolean SetChatTime(int) Sets the podium time in milliseconds.
U struct GetChatTime() Returns the current and next podium time.
A boolean SetFinishTimeout(int) Sets the finish timeout; takes effect with the next map.
U struct GetFinishTimeout() Returns the current and next finish timeout.
A boolean SetAllWarmUpDuration(int) Sets the warm-up length; takes effect with the next map.
U struct GetAllWarmUpDuration() Returns the current and next warm-up length.
A boolean SetDisableRespawn(boolean) Sets whether respawn is off; takes effect with the next map.
U struct GetDisableRespawn() Returns the current and next respawn setting.
A boolean SetForceShowAllOpponents(int) Sets how many opponents are always shown; takes effect with the next map.
U struct GetForceShowAllOpponents() Returns the current and next opponents setting.
A boolean SetScriptName(string) Sets the mode script; takes effect with the next map.
U struct GetScriptName() Returns the current and next mode script.
A boolean SetTimeAttackLimit(int) Sets the legacy time attack limit.
U struct GetTimeAttackLimit() Returns the current and next legacy time attack limit.
A boolean SetTimeAttackSynchStartPeriod(int) Sets the legacy synchronised start period.
U struct GetTimeAttackSynchStartPeriod() Returns the current and next legacy synchronised start period.
A boolean SetLapsTimeLimit(int) Sets the legacy laps time limit.
U struct GetLapsTimeLimit() Returns the current and next legacy laps time limit.
A boolean SetNbLaps(int) Sets the legacy number of laps.
U struct GetNbLaps() Returns the current and next legacy number of laps.
A boolean SetRoundForcedLaps(int) Sets the legacy forced laps of rounds.
U struct GetRoundForcedLaps() Returns the current and next legacy forced laps of rounds.
A boolean SetRoundPointsLimit(int) Sets the legacy rounds points limit.
U struct GetRoundPointsLimit() Returns the current and next legacy rounds points limit.
A boolean SetRoundCustomPoints(array, boolean) Sets the legacy rounds points.
U array GetRoundCustomPoints() Returns the legacy rounds points.
A boolean SetUseNewRulesRound(boolean) Sets the legacy rounds new rules.
U struct GetUseNewRulesRound() Returns the current and next legacy rounds new rules.
A boolean SetTeamPointsLimit(int) Sets the legacy team points limit.
U struct GetTeamPointsLimit() Returns the current and next legacy team points limit.
A boolean SetMaxPointsTeam(int) Sets the legacy team points per round.
U struct GetMaxPointsTeam() Returns the current and next legacy team points per round.
A boolean SetUseNewRulesTeam(boolean) Sets the legacy team new rules.
U struct GetUseNewRulesTeam() Returns the current and next legacy team new rules.
A boolean SetCupPointsLimit(int) Sets the legacy cup points limit.
U struct GetCupPointsLimit() Returns the current and next legacy cup points limit.
A boolean SetCupRoundsPerMap(int) Sets the legacy cup rounds per map.
U struct GetCupRoundsPerMap() Returns the current and next legacy cup rounds per map.
A boolean SetCupWarmUpDuration(int) Sets the legacy cup warm-up.
U struct GetCupWarmUpDuration() Returns the current and next legacy cup warm-up.
A boolean SetCupNbWinners(int) Sets the legacy cup winners.
U struct GetCupNbWinners() Returns the current and next legacy cup winners.
U int GetCurrentMapIndex() Returns the current map's index in the selection, -1 when it left the selection.
U int GetNextMapIndex() Returns the index of the map played next.
A boolean SetNextMapIndex(int) Sets the index of the map played next.
A boolean SetNextMapIdent(string) Sets the map played next, by uid.
A boolean JumpToMapIndex(int) Goes at once to the map at an index.
A boolean JumpToMapIdent(string) Goes at once to the map with a uid.
U struct GetCurrentMapInfo() Returns the current map's information.
U struct GetNextMapInfo() Returns the next map's information; NbLaps and NbCheckpoints are -1.
U struct GetMapInfo(string) Returns the information of a map file; NbLaps and NbCheckpoints are -1.
U boolean CheckMapForCurrentServerParams(string) Returns whether a map file suits the current settings.
U array GetMapList(int, int) Returns up to max maps of the selection from a start index: Name, UId, FileName, Environnement, Author, AuthorNickname, GoldTime, CopperPrice, MapType, MapStyle.
A boolean AddMap(string) Adds a map file at the end of the selection.
A int AddMapList(array) Adds map files at the end of the selection.
A boolean RemoveMap(string) Removes a map file from the selection.
A int RemoveMapList(array) Removes map files from the selection.
A boolean InsertMap(string) Inserts a map file after the current map.
A int InsertMapList(array) Inserts map files after the current map.
A boolean ChooseNextMap(string) Sets the map file played next.
A int ChooseNextMapList(array) Sets the map files played next.
A int LoadMatchSettings(string) Loads a match settings file as the selection.
A int AppendPlaylistFromMatchSettings(string) Adds the maps of a match settings file.
A int SaveMatchSettings(string) Saves the selection to a match settings file.
A int InsertPlaylistFromMatchSettings(string) Inserts the maps of a match settings file after the current map.
U array GetPlayerList(int, int, int) Returns up to max players from a start index, in a struct version (0 United, 1 Forever, 2 Forever with the server).
U struct GetPlayerInfo(string, int) Returns a login's player struct.
U struct GetDetailedPlayerInfo(string) Returns a login's detailed information.
U struct GetMainServerPlayerInfo(int) Returns the player struct of the game server itself.
U array GetCurrentRanking(int, int) Returns up to max entries of the current ranking from a start index.
U array GetCurrentRankingForLogin(string) Returns the current ranking of logins (comma-separated).
U int GetCurrentWinnerTeam() Returns the winning team, -1 without teams.
A boolean ForceScores(array, boolean) Forces the scores of rounds and team modes.
A boolean ForcePlayerTeam(string, int) Forces a login's team.
A boolean ForcePlayerTeamId(int, int) Forces a player id's team.
A boolean ForceSpectator(string, int) Forces a login's spectator state (0 selectable, 1 spectator, 2 player, 3 spectator but selectable).
A boolean ForceSpectatorId(int, int) Forces a player id's spectator state.
A boolean ForceSpectatorTarget(string, string, int) Forces whom a spectator watches.
A boolean ForceSpectatorTargetId(int, int, int) Forces whom a spectator id watches.
A boolean SpectatorReleasePlayerSlot(string) Frees the player slot a spectator login kept.
A boolean SpectatorReleasePlayerSlotId(int) Frees the player slot a spectator id kept.
A boolean ManualFlowControlEnable(boolean) Makes the game wait for the controller at state transitions.
A boolean ManualFlowControlProceed() Lets the game go on.
A int ManualFlowControlIsEnabled() Returns who controls the game flow.
A string ManualFlowControlGetCurTransition() Returns the transition waiting.
U string CheckEndMatchCondition() Returns Playing, ChangeMap or Finished.
S struct GetNetworkStats() Returns the server's network statistics.
S boolean StartServerLan() Starts the server on the local network.
S boolean StartServerInternet() Starts the server on the internet.
`;

const LEVELS: Record<string, MethodLevel> = { U: 'User', A: 'Admin', S: 'SuperAdmin' };
const LINE = /^([UAS]) (\w+) ([\w.]+)\(([^)]*)\) (.+)$/;

/** Every published method, in the order of the server's own listing. */
export const METHOD_DOCS: readonly MethodDoc[] = LISTING.trim()
  .split('\n')
  .map((line) => {
    const match = LINE.exec(line);
    if (!match) throw new Error(`core/sandbox/method-docs.ts: unreadable line '${line}'`);
    const [, level, returns, name, params, help] = match as unknown as [string, string, string, string, string, string];
    const types = params.split(',').map((type) => type.trim()).filter(Boolean);
    return { name, signature: [returns, ...types], help, level: LEVELS[level]! };
  });

/** How many levels a level is above User: a connection may call methods of its level and below. */
export const LEVEL_RANK: Record<MethodLevel, number> = { User: 0, Admin: 1, SuperAdmin: 2 };
