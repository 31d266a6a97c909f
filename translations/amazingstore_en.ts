<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Format</name>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hashing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading to data center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicating to peers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the data center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeping the torrent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeding</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::AccountDialog</name>
    <message>
        <source>Data center address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remember password in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data center:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the data center&apos;s address, for example https://dc.example.org.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::AppActions</name>
    <message>
        <source>&amp;Open AmazingStore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Upload files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open share &amp;link…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Slow mode (alternative limits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log &amp;in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::ContributionDialog</name>
    <message>
        <source>Contribute storage?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;AmazingStore keeps your files available by storing encrypted copies on the computers of other users, and theirs on yours. Nobody can read what is stored for them: every copy is encrypted before it leaves its owner.&lt;/p&gt;&lt;p&gt;May this computer hold other users&apos; encrypted copies? You choose how much disk space they may take, and can change it at any time in the Contribution tab.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk space to contribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disk space to give:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Contribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::ContributionView</name>
    <message>
        <source> GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contributed capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply contributed capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space used of the contributed capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My contribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contributed &amp;capacity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space used:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity given:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas held:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Served to peers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My node&apos;s availability:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data center availability:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peers online:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space used (GB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Served to peers (GB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online (1) / offline (0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space used (MB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Served to peers (MB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (measured by this node)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of time this node was online (the data center answered it, or it served peers) since it began contributing, over at most 30 days. The data center has not given its own figure yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not measured yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This node has not contributed long enough to measure its availability.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This node&apos;s availability as the data center measures it from its heartbeats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The data center&apos;s availability as this node measured it over the last 7 days (%n check(s)).</source>
        <translation>
            <numerusform>The data center&apos;s availability as this node measured it over the last 7 days (%n check).</numerusform>
            <numerusform>The data center&apos;s availability as this node measured it over the last 7 days (%n checks).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>as::ui::DropZone</name>
    <message>
        <source>Drop zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop files here to encrypt and upload them, or a share link to download it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Upload…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose files to encrypt and upload (Ctrl+U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop files here to encrypt and upload them — or a share link to download it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders cannot be uploaded yet; drop the files inside them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Drop to encrypt and upload %n file(s)</source>
        <translation>
            <numerusform>Drop to encrypt and upload %n file</numerusform>
            <numerusform>Drop to encrypt and upload %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drop to download %n shared file(s)</source>
        <translation>
            <numerusform>Drop to download %n shared file</numerusform>
            <numerusform>Drop to download %n shared files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s) will be skipped</source>
        <translation>
            <numerusform>%n folder will be skipped</numerusform>
            <numerusform>%n folders will be skipped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>as::ui::EngineActions</name>
    <message>
        <source>Could not list your files: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not make a share link: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share link copied to the clipboard. Anyone with the link can download and decrypt the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading into %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1 (%2 from peers, %3 from the data center).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfers paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfers resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the pause state: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alternative (slow) bandwidth limits in force.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal bandwidth limits in force.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not switch the bandwidth limits: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine did not take the setting %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logged in as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logged out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>Uploading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploaded %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload finished: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 encrypted and stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::EngineThread</name>
    <message>
        <source>The engine has stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::FilesModel</name>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 live replicas at the peer layer; the availability model asks for %2. Estimated availability %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::FilesView</name>
    <message>
        <source>Search my files (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search my files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy share &amp;link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Share…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::Keychain</name>
    <message>
        <source>The system keychain is not used for this profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available (%1); secrets are kept in %2, readable only by you.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::LoginDialog</name>
    <message>
        <source>Log in to AmazingStore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an &amp;account…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::MainWindow</name>
    <message>
        <source>AmazingStore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download into folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;My files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Contribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete files</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n file(s) from AmazingStore? Share links to them stop working.</source>
        <translation>
            <numerusform>Delete %n file from AmazingStore? Share links to them stop working.</numerusform>
            <numerusform>Delete %n files from AmazingStore? Share links to them stop working.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;My files (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About AmazingStore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose files to encrypt and upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open share link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share link (amazingstore://… or https://…/s/…):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not an AmazingStore share link: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;hared with me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;hared with me (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::RegisterDialog</name>
    <message>
        <source>Create an AmazingStore account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;epeat password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your files are encrypted with a key only this password unlocks. Nobody, not even the data center, can recover a forgotten password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a password of at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::ServiceStatus</name>
    <message>
        <source>measuring, %1 of %2 checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>no standby master serves (%n known)</source>
        <translation>
            <numerusform>no standby master serves (%n known)</numerusform>
            <numerusform>no standby master serves (%n known)</numerusform>
        </translation>
    </message>
    <message>
        <source>standby master %1 (%2) serves</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::SettingsDialog</name>
    <message>
        <source>AmazingStore settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Contribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;otifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data center address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data center:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start AmazingStore when I &amp;log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;minimised to the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the desktop has no system tray, the window opens anyway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language takes effect when the app starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inside the profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contribution folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for other users&apos; replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contributed capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Capacity given to others:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other users&apos; encrypted replicas are kept in this folder, up to this size. You can never read them, and they earn your files their place among peers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> kB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alternative upload limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alternative download limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Upload limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alternative limits (slow mode, one click in the tray menu):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload limit (slo&amp;w):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download limit (sl&amp;ow):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen &amp;port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tell me when:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an &amp;upload has finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a &amp;download has finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a transfer has &amp;failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the data center goes away or comes back (&amp;peer-only mode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This engine keeps replicas inside the profile folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New replicas are stored in this folder (an absolute path; empty: inside the profile). Replicas already held stay where they are and go on being seeded from there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::ShareDialog</name>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link: anyone who has it can download and decrypt the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never expires (the file&apos;s permanent link)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in 1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in 1 day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links that expire, until they do (revoking one stops it at once):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revoke link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not make a link: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A link that expires was copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The permanent link was copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link was revoked: it no longer works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not revoke: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share with a user of this data center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not share with %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared with %1: it appears under “Shared with me” in their app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No longer shared with %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not stop sharing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the links: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the users: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept the user&apos;s new key (only after they confirmed its fingerprint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your key fingerprint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s key fingerprint: %2 (first seen now: compare it with %1&apos;s by phone or in person).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s key fingerprint: %2 (the one this app has seen before).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::SharedWithMeView</name>
    <message>
        <source>Download into folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files shared with me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files other users share with you appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not ask the data center: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(cannot be opened)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is shared with you yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) shared with you.</source>
        <translation>
            <numerusform>%n file shared with you.</numerusform>
            <numerusform>%n files shared with you.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>as::ui::SharingActions</name>
    <message>
        <source>Shared with you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shared “%2” with you</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::StatusIndicator</name>
    <message>
        <source>Engine not answering: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Peer-only mode: the data center is unreachable; %n peer(s) online</source>
        <translation>
            <numerusform>Peer-only mode: the data center is unreachable; %n peer online</numerusform>
            <numerusform>Peer-only mode: the data center is unreachable; %n peers online</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Data center reachable (availability %1) · %n peer(s) online</source>
        <translation>
            <numerusform>Data center reachable (availability %1) · %n peer online</numerusform>
            <numerusform>Data center reachable (availability %1) · %n peers online</numerusform>
        </translation>
    </message>
    <message>
        <source> · paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · slow mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · the data center %1 does not answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the data center…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::TransfersModel</name>
    <message>
        <source>Upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peers %1 · DC %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes received from other peers and from the data center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2, %3 percent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypted copy for another user (%1…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared file %1… (name known once decrypted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calculating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; 1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::TransfersView</name>
    <message>
        <source>Transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy share &amp;link</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::TrayApp</name>
    <message>
        <source>About AmazingStore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;AmazingStore&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Encrypted storage that is as available as a data center and as cheap as peer-to-peer.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system tray was found: AmazingStore runs in this window, and closing it quits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a file or share link: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage contribution stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the autostart entry in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine did not take the setting %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contributing up to %1 of disk space to other users.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not contributing storage. You can change this in the Contribution tab.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>as::ui::TrayController</name>
    <message>
        <source>Current &amp;transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AmazingStore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — connected to the data center</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> — %n transfer(s) running</source>
        <translation>
            <numerusform> — %n transfer running</numerusform>
            <numerusform> — %n transfers running</numerusform>
        </translation>
    </message>
    <message>
        <source> — peer-only mode (data center unreachable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (slow mode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No transfers running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 %3 %, %4 to go</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>Peer-only mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data center is unreachable. Your files stay available from peers; uploads continue with more peer replicas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data center back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data center is reachable again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — connecting to the data center…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — not logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share link copied to the clipboard. Anyone with the link can download and decrypt the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Click here to copy the share link(s).</source>
        <translation>
            <numerusform>Click here to copy the share link.</numerusform>
            <numerusform>Click here to copy the share links.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy the share link(s) from the file&apos;s menu in My files or Transfers.</source>
        <translation>
            <numerusform>Copy the share link from the file&apos;s menu in My files or Transfers.</numerusform>
            <numerusform>Copy the share links from the files&apos; menu in My files or Transfers.</numerusform>
        </translation>
    </message>
    <message>
        <source>; %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
