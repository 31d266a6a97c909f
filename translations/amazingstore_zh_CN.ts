<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Format</name>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Encrypting</source>
        <translation>加密中</translation>
    </message>
    <message>
        <source>Hashing</source>
        <translation>计算哈希</translation>
    </message>
    <message>
        <source>Registering</source>
        <translation>登记中</translation>
    </message>
    <message>
        <source>Uploading to data center</source>
        <translation>上传到数据中心</translation>
    </message>
    <message>
        <source>Replicating to peers</source>
        <translation>复制到节点</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>校验中</translation>
    </message>
    <message>
        <source>Decrypting</source>
        <translation>解密中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>上传中</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Waiting for the data center</source>
        <translation>等待数据中心</translation>
    </message>
    <message>
        <source>Keeping the torrent</source>
        <translation>保存种子文件</translation>
    </message>
    <message>
        <source>Seeding</source>
        <translation>做种中</translation>
    </message>
</context>
<context>
    <name>as::ui::AccountDialog</name>
    <message>
        <source>Data center address</source>
        <translation>数据中心地址</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>&amp;Remember password in the system keychain</source>
        <translation>在系统钥匙串中记住密码(&amp;R)</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>&amp;Data center:</source>
        <translation>数据中心(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Enter the data center&apos;s address, for example https://dc.example.org.</source>
        <translation>请输入数据中心地址，例如 https://dc.example.org。</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>as::ui::AppActions</name>
    <message>
        <source>&amp;Open AmazingStore</source>
        <translation>打开 AmazingStore(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Upload files…</source>
        <translation>上传文件(&amp;U)…</translation>
    </message>
    <message>
        <source>Open share &amp;link…</source>
        <translation>打开分享链接(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Pause transfers</source>
        <translation>暂停传输(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Slow mode (alternative limits)</source>
        <translation>慢速模式（备用限速）(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <source>Log &amp;in…</source>
        <translation>登录(&amp;I)…</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>as::ui::ContributionDialog</name>
    <message>
        <source>Contribute storage?</source>
        <translation>贡献存储空间？</translation>
    </message>
    <message>
        <source>&lt;p&gt;AmazingStore keeps your files available by storing encrypted copies on the computers of other users, and theirs on yours. Nobody can read what is stored for them: every copy is encrypted before it leaves its owner.&lt;/p&gt;&lt;p&gt;May this computer hold other users&apos; encrypted copies? You choose how much disk space they may take, and can change it at any time in the Contribution tab.&lt;/p&gt;</source>
        <translation>&lt;p&gt;AmazingStore 把您文件的加密副本存放在其他用户的电脑上，也把他们的副本存放在您的电脑上，从而让文件始终可用。任何人都无法读取替别人保存的内容：每个副本在离开其所有者之前都已加密。&lt;/p&gt;&lt;p&gt;是否允许这台电脑保存其他用户的加密副本？您可以决定它们最多占用多少磁盘空间，并可随时在“贡献”标签页中更改。&lt;/p&gt;</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Disk space to contribute</source>
        <translation>要贡献的磁盘空间</translation>
    </message>
    <message>
        <source>&amp;Disk space to give:</source>
        <translation>提供的磁盘空间(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Contribute</source>
        <translation>贡献(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation>暂不(&amp;N)</translation>
    </message>
</context>
<context>
    <name>as::ui::ContributionView</name>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Contributed capacity</source>
        <translation>贡献容量</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>Apply contributed capacity</source>
        <translation>应用贡献容量</translation>
    </message>
    <message>
        <source>Space used of the contributed capacity</source>
        <translation>贡献容量中已用空间</translation>
    </message>
    <message>
        <source>My contribution</source>
        <translation>我的贡献</translation>
    </message>
    <message>
        <source>Contributed &amp;capacity:</source>
        <translation>贡献容量(&amp;C)：</translation>
    </message>
    <message>
        <source>Space used:</source>
        <translation>已用空间：</translation>
    </message>
    <message>
        <source>Capacity given:</source>
        <translation>已贡献容量：</translation>
    </message>
    <message>
        <source>Used:</source>
        <translation>已用：</translation>
    </message>
    <message>
        <source>Replicas held:</source>
        <translation>持有副本：</translation>
    </message>
    <message>
        <source>Served to peers:</source>
        <translation>向节点提供：</translation>
    </message>
    <message>
        <source>My node&apos;s availability:</source>
        <translation>本节点可用性：</translation>
    </message>
    <message>
        <source>Data center availability:</source>
        <translation>数据中心可用性：</translation>
    </message>
    <message>
        <source>Peers online:</source>
        <translation>在线节点：</translation>
    </message>
    <message>
        <source>Storage over time</source>
        <translation>存储随时间变化</translation>
    </message>
    <message>
        <source>Space used (GB)</source>
        <translation>已用空间 (GB)</translation>
    </message>
    <message>
        <source>Served to peers (GB)</source>
        <translation>向节点提供 (GB)</translation>
    </message>
    <message>
        <source>Online over time</source>
        <translation>在线状态随时间变化</translation>
    </message>
    <message>
        <source>Online (1) / offline (0)</source>
        <translation>在线 (1) / 离线 (0)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Space used (MB)</source>
        <translation>已用空间 (MB)</translation>
    </message>
    <message>
        <source>Served to peers (MB)</source>
        <translation>向节点提供 (MB)</translation>
    </message>
    <message>
        <source>%1 (measured by this node)</source>
        <translation>%1（本节点测得）</translation>
    </message>
    <message>
        <source>The share of time this node was online (the data center answered it, or it served peers) since it began contributing, over at most 30 days. The data center has not given its own figure yet.</source>
        <translation>自本节点开始贡献以来（最多 30 天）处于在线状态（数据中心有应答，或正在为其他节点提供数据）的时间比例。数据中心尚未给出它测得的数值。</translation>
    </message>
    <message>
        <source>Not measured yet</source>
        <translation>尚未测得</translation>
    </message>
    <message>
        <source>This node has not contributed long enough to measure its availability.</source>
        <translation>本节点贡献的时间还不够长，无法测得其可用性。</translation>
    </message>
    <message>
        <source>This node&apos;s availability as the data center measures it from its heartbeats.</source>
        <translation>数据中心根据本节点的心跳测得的可用性。</translation>
    </message>
    <message numerus="yes">
        <source>The data center&apos;s availability as this node measured it over the last 7 days (%n check(s)).</source>
        <translation>
            <numerusform>本节点在过去 7 天内测得的数据中心可用性（%n 次检查）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>as::ui::DropZone</name>
    <message>
        <source>Drop zone</source>
        <translation>拖放区</translation>
    </message>
    <message>
        <source>Drop files here to encrypt and upload them, or a share link to download it</source>
        <translation>将文件拖放到此处以加密并上传，或拖放分享链接以下载</translation>
    </message>
    <message>
        <source>&amp;Upload…</source>
        <translation>上传(&amp;U)…</translation>
    </message>
    <message>
        <source>Choose files to encrypt and upload (Ctrl+U)</source>
        <translation>选择要加密并上传的文件 (Ctrl+U)</translation>
    </message>
    <message>
        <source>Drop files here to encrypt and upload them — or a share link to download it.</source>
        <translation>将文件拖放到此处以加密并上传——或拖放分享链接以下载。</translation>
    </message>
    <message>
        <source>Folders cannot be uploaded yet; drop the files inside them.</source>
        <translation>暂不支持上传文件夹；请拖放其中的文件。</translation>
    </message>
    <message numerus="yes">
        <source>Drop to encrypt and upload %n file(s)</source>
        <translation>
            <numerusform>松开即可加密并上传 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drop to download %n shared file(s)</source>
        <translation>
            <numerusform>松开即可下载 %n 个分享文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s) will be skipped</source>
        <translation>
            <numerusform>将跳过 %n 个文件夹</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>as::ui::EngineActions</name>
    <message>
        <source>Could not list your files: %1</source>
        <translation>无法列出您的文件：%1</translation>
    </message>
    <message>
        <source>Upload finished</source>
        <translation>上传完成</translation>
    </message>
    <message>
        <source>Upload failed</source>
        <translation>上传失败</translation>
    </message>
    <message>
        <source>Could not make a share link: %1</source>
        <translation>无法生成分享链接：%1</translation>
    </message>
    <message>
        <source>Share link copied to the clipboard. Anyone with the link can download and decrypt the file.</source>
        <translation>分享链接已复制到剪贴板。任何拥有该链接的人都可以下载并解密此文件。</translation>
    </message>
    <message>
        <source>Downloading into %1…</source>
        <translation>正在下载到 %1…</translation>
    </message>
    <message>
        <source>Download failed: %1</source>
        <translation>下载失败：%1</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
    <message>
        <source>Saved %1 (%2 from peers, %3 from the data center).</source>
        <translation>已保存 %1（%2 来自节点，%3 来自数据中心）。</translation>
    </message>
    <message>
        <source>Download finished</source>
        <translation>下载完成</translation>
    </message>
    <message>
        <source>File deleted.</source>
        <translation>文件已删除。</translation>
    </message>
    <message>
        <source>Could not delete: %1</source>
        <translation>无法删除：%1</translation>
    </message>
    <message>
        <source>Transfers paused.</source>
        <translation>传输已暂停。</translation>
    </message>
    <message>
        <source>Transfers resumed.</source>
        <translation>传输已恢复。</translation>
    </message>
    <message>
        <source>Could not change the pause state: %1</source>
        <translation>无法更改暂停状态：%1</translation>
    </message>
    <message>
        <source>Alternative (slow) bandwidth limits in force.</source>
        <translation>已启用备用（慢速）带宽限制。</translation>
    </message>
    <message>
        <source>Normal bandwidth limits in force.</source>
        <translation>已恢复正常带宽限制。</translation>
    </message>
    <message>
        <source>Could not switch the bandwidth limits: %1</source>
        <translation>无法切换带宽限制：%1</translation>
    </message>
    <message>
        <source>The engine did not take the setting %1: %2</source>
        <translation>引擎未接受设置 %1：%2</translation>
    </message>
    <message>
        <source>Logged in as %1.</source>
        <translation>已以 %1 身份登录。</translation>
    </message>
    <message>
        <source>Logged out.</source>
        <translation>已退出登录。</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 和 %2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 等另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Uploading %1…</source>
        <translation>正在上传 %1…</translation>
    </message>
    <message>
        <source>Uploaded %1.</source>
        <translation>已上传 %1。</translation>
    </message>
    <message>
        <source>Upload finished: %1</source>
        <translation>上传完成：%1</translation>
    </message>
    <message>
        <source>%1 encrypted and stored.</source>
        <translation>%1 已加密并存储。</translation>
    </message>
    <message>
        <source>Upload of %1 failed: %2</source>
        <translation>%1 上传失败：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>as::ui::EngineThread</name>
    <message>
        <source>The engine has stopped.</source>
        <translation>引擎已停止。</translation>
    </message>
</context>
<context>
    <name>as::ui::FilesModel</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 live replicas at the peer layer; the availability model asks for %2. Estimated availability %3.</source>
        <translation>节点层有 %1 个在线副本；可用性模型要求 %2 个。估计可用性 %3。</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>上传时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>副本</translation>
    </message>
</context>
<context>
    <name>as::ui::FilesView</name>
    <message>
        <source>Search my files (Ctrl+F)</source>
        <translation>搜索我的文件 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search my files</source>
        <translation>搜索我的文件</translation>
    </message>
    <message>
        <source>My files</source>
        <translation>我的文件</translation>
    </message>
    <message>
        <source>Copy share &amp;link</source>
        <translation>复制分享链接(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>下载(&amp;D)…</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>&amp;Share…</source>
        <translation>分享(&amp;S)…</translation>
    </message>
</context>
<context>
    <name>as::ui::Keychain</name>
    <message>
        <source>The system keychain is not used for this profile.</source>
        <translation>此配置文件不使用系统钥匙串。</translation>
    </message>
    <message>
        <source>No system keychain is available (%1); secrets are kept in %2, readable only by you.</source>
        <translation>没有可用的系统钥匙串（%1）；机密信息保存在 %2，仅您本人可读。</translation>
    </message>
</context>
<context>
    <name>as::ui::LoginDialog</name>
    <message>
        <source>Log in to AmazingStore</source>
        <translation>登录 AmazingStore</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>登录(&amp;L)</translation>
    </message>
    <message>
        <source>Create an &amp;account…</source>
        <translation>创建帐户(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>as::ui::MainWindow</name>
    <message>
        <source>AmazingStore</source>
        <translation>AmazingStore</translation>
    </message>
    <message>
        <source>Download into folder</source>
        <translation>下载到文件夹</translation>
    </message>
    <message>
        <source>&amp;My files</source>
        <translation>我的文件(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Transfers</source>
        <translation>传输(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Contribution</source>
        <translation>贡献(&amp;C)</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Delete files</source>
        <translation>删除文件</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n file(s) from AmazingStore? Share links to them stop working.</source>
        <translation>
            <numerusform>要从 AmazingStore 删除 %n 个文件吗？其分享链接将失效。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;My files (%1)</source>
        <translation>我的文件 (%1)(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>帐户(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About AmazingStore</source>
        <translation>关于 AmazingStore(&amp;A)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Choose files to encrypt and upload</source>
        <translation>选择要加密并上传的文件</translation>
    </message>
    <message>
        <source>Open share link</source>
        <translation>打开分享链接</translation>
    </message>
    <message>
        <source>Share link (amazingstore://… or https://…/s/…):</source>
        <translation>分享链接（amazingstore://… 或 https://…/s/…）：</translation>
    </message>
    <message>
        <source>This is not an AmazingStore share link: %1</source>
        <translation>这不是 AmazingStore 分享链接：%1</translation>
    </message>
    <message>
        <source>S&amp;hared with me</source>
        <translation>与我共享(&amp;H)</translation>
    </message>
    <message>
        <source>S&amp;hared with me (%1)</source>
        <translation>与我共享 (%1)(&amp;H)</translation>
    </message>
</context>
<context>
    <name>as::ui::RegisterDialog</name>
    <message>
        <source>Create an AmazingStore account</source>
        <translation>创建 AmazingStore 帐户</translation>
    </message>
    <message>
        <source>&amp;Create account</source>
        <translation>创建帐户(&amp;C)</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>重复密码</translation>
    </message>
    <message>
        <source>R&amp;epeat password:</source>
        <translation>重复密码(&amp;E)：</translation>
    </message>
    <message>
        <source>Your files are encrypted with a key only this password unlocks. Nobody, not even the data center, can recover a forgotten password.</source>
        <translation>您的文件使用只有此密码才能解锁的密钥加密。忘记密码后任何人（包括数据中心）都无法找回。</translation>
    </message>
    <message>
        <source>Choose a password of at least 8 characters.</source>
        <translation>请设置至少 8 个字符的密码。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>as::ui::ServiceStatus</name>
    <message>
        <source>measuring, %1 of %2 checks</source>
        <translation>测量中，已检查 %1 次，共需 %2 次</translation>
    </message>
    <message numerus="yes">
        <source>no standby master serves (%n known)</source>
        <translation>
            <numerusform>没有备用主节点在服务（已知 %n 个）</numerusform>
        </translation>
    </message>
    <message>
        <source>standby master %1 (%2) serves</source>
        <translation>备用主节点 %1（%2）正在服务</translation>
    </message>
</context>
<context>
    <name>as::ui::SettingsDialog</name>
    <message>
        <source>AmazingStore settings</source>
        <translation>AmazingStore 设置</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>常规(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Contribution</source>
        <translation>贡献(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>网络(&amp;N)</translation>
    </message>
    <message>
        <source>N&amp;otifications</source>
        <translation>通知(&amp;O)</translation>
    </message>
    <message>
        <source>Data center address</source>
        <translation>数据中心地址</translation>
    </message>
    <message>
        <source>&amp;Data center:</source>
        <translation>数据中心(&amp;D)：</translation>
    </message>
    <message>
        <source>Start AmazingStore when I &amp;log in</source>
        <translation>登录系统时启动 AmazingStore(&amp;L)</translation>
    </message>
    <message>
        <source>Start &amp;minimised to the tray</source>
        <translation>启动时最小化到托盘(&amp;M)</translation>
    </message>
    <message>
        <source>Where the desktop has no system tray, the window opens anyway.</source>
        <translation>如果桌面没有系统托盘，窗口仍会打开。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language takes effect when the app starts again.</source>
        <translation>新语言将在应用重新启动后生效。</translation>
    </message>
    <message>
        <source>Inside the profile</source>
        <translation>在配置文件夹内</translation>
    </message>
    <message>
        <source>Contribution folder</source>
        <translation>贡献文件夹</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Folder for other users&apos; replicas</source>
        <translation>存放其他用户副本的文件夹</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Contributed capacity</source>
        <translation>贡献容量</translation>
    </message>
    <message>
        <source>&amp;Capacity given to others:</source>
        <translation>提供给他人的容量(&amp;C)：</translation>
    </message>
    <message>
        <source>Other users&apos; encrypted replicas are kept in this folder, up to this size. You can never read them, and they earn your files their place among peers.</source>
        <translation>其他用户的加密副本保存在此文件夹中，不超过此大小。您无法读取它们，而它们让您的文件在节点间获得存放位置。</translation>
    </message>
    <message>
        <source> kB/s</source>
        <translation> kB/秒</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限速</translation>
    </message>
    <message>
        <source>Upload limit</source>
        <translation>上传限速</translation>
    </message>
    <message>
        <source>Download limit</source>
        <translation>下载限速</translation>
    </message>
    <message>
        <source>Alternative upload limit</source>
        <translation>备用上传限速</translation>
    </message>
    <message>
        <source>Alternative download limit</source>
        <translation>备用下载限速</translation>
    </message>
    <message>
        <source>&amp;Upload limit:</source>
        <translation>上传限速(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Download limit:</source>
        <translation>下载限速(&amp;D)：</translation>
    </message>
    <message>
        <source>Alternative limits (slow mode, one click in the tray menu):</source>
        <translation>备用限速（慢速模式，在托盘菜单中一键切换）：</translation>
    </message>
    <message>
        <source>Upload limit (slo&amp;w):</source>
        <translation>上传限速（慢速）(&amp;W)：</translation>
    </message>
    <message>
        <source>Download limit (sl&amp;ow):</source>
        <translation>下载限速（慢速）(&amp;O)：</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Listen port</source>
        <translation>监听端口</translation>
    </message>
    <message>
        <source>Listen &amp;port:</source>
        <translation>监听端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Tell me when:</source>
        <translation>在以下情况通知我：</translation>
    </message>
    <message>
        <source>an &amp;upload has finished</source>
        <translation>上传完成时(&amp;U)</translation>
    </message>
    <message>
        <source>a &amp;download has finished</source>
        <translation>下载完成时(&amp;D)</translation>
    </message>
    <message>
        <source>a transfer has &amp;failed</source>
        <translation>传输失败时(&amp;F)</translation>
    </message>
    <message>
        <source>the data center goes away or comes back (&amp;peer-only mode)</source>
        <translation>数据中心断开或恢复时（纯节点模式）(&amp;P)</translation>
    </message>
    <message>
        <source>This engine keeps replicas inside the profile folder.</source>
        <translation>此引擎将副本保存在配置文件夹内。</translation>
    </message>
    <message>
        <source>New replicas are stored in this folder (an absolute path; empty: inside the profile). Replicas already held stay where they are and go on being seeded from there.</source>
        <translation>新的副本存放在此文件夹中（绝对路径；留空则存放在配置文件夹内）。已持有的副本留在原处，并继续从那里做种。</translation>
    </message>
</context>
<context>
    <name>as::ui::ShareDialog</name>
    <message>
        <source>never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>Share “%1”</source>
        <translation>分享“%1”</translation>
    </message>
    <message>
        <source>Link: anyone who has it can download and decrypt the file</source>
        <translation>链接：任何拥有链接的人都可以下载并解密此文件</translation>
    </message>
    <message>
        <source>Never expires (the file&apos;s permanent link)</source>
        <translation>永不过期（文件的永久链接）</translation>
    </message>
    <message>
        <source>Expires in 1 hour</source>
        <translation>1 小时后过期</translation>
    </message>
    <message>
        <source>Expires in 1 day</source>
        <translation>1 天后过期</translation>
    </message>
    <message>
        <source>Expires in 7 days</source>
        <translation>7 天后过期</translation>
    </message>
    <message>
        <source>Expires in 30 days</source>
        <translation>30 天后过期</translation>
    </message>
    <message>
        <source>Link expiry</source>
        <translation>链接有效期</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>复制链接(&amp;C)</translation>
    </message>
    <message>
        <source>Links that expire, until they do (revoking one stops it at once):</source>
        <translation>会过期的链接（在过期前有效；撤销后立即失效）：</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>使用次数</translation>
    </message>
    <message>
        <source>&amp;Revoke link</source>
        <translation>撤销链接(&amp;R)</translation>
    </message>
    <message>
        <source>Could not make a link: %1</source>
        <translation>无法生成链接：%1</translation>
    </message>
    <message>
        <source>A link that expires was copied to the clipboard.</source>
        <translation>会过期的链接已复制到剪贴板。</translation>
    </message>
    <message>
        <source>The permanent link was copied to the clipboard.</source>
        <translation>永久链接已复制到剪贴板。</translation>
    </message>
    <message>
        <source>The link was revoked: it no longer works.</source>
        <translation>链接已撤销，不再有效。</translation>
    </message>
    <message>
        <source>Could not revoke: %1</source>
        <translation>无法撤销：%1</translation>
    </message>
    <message>
        <source>Share with a user of this data center</source>
        <translation>分享给此数据中心的用户</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>&amp;Share</source>
        <translation>分享(&amp;S)</translation>
    </message>
    <message>
        <source>Shared with</source>
        <translation>已分享给</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>分享时间</translation>
    </message>
    <message>
        <source>S&amp;top sharing</source>
        <translation>停止分享(&amp;T)</translation>
    </message>
    <message>
        <source>Could not share with %1: %2</source>
        <translation>无法分享给 %1：%2</translation>
    </message>
    <message>
        <source>Shared with %1: it appears under “Shared with me” in their app.</source>
        <translation>已分享给 %1：文件会出现在对方应用的“与我共享”中。</translation>
    </message>
    <message>
        <source>No longer shared with %1.</source>
        <translation>已停止与 %1 分享。</translation>
    </message>
    <message>
        <source>Could not stop sharing: %1</source>
        <translation>无法停止分享：%1</translation>
    </message>
    <message>
        <source>Could not list the links: %1</source>
        <translation>无法列出链接：%1</translation>
    </message>
    <message>
        <source>Could not list the users: %1</source>
        <translation>无法列出用户：%1</translation>
    </message>
    <message>
        <source>Accept the user&apos;s new key (only after they confirmed its fingerprint)</source>
        <translation>接受该用户的新密钥（仅在对方确认其指纹之后）</translation>
    </message>
    <message>
        <source>Your key fingerprint: %1</source>
        <translation>你的密钥指纹：%1</translation>
    </message>
    <message>
        <source>%1&apos;s key fingerprint: %2 (first seen now: compare it with %1&apos;s by phone or in person).</source>
        <translation>%1 的密钥指纹：%2（首次见到：请通过电话或当面与 %1 核对）。</translation>
    </message>
    <message>
        <source>%1&apos;s key fingerprint: %2 (the one this app has seen before).</source>
        <translation>%1 的密钥指纹：%2（与本应用之前见到的一致）。</translation>
    </message>
</context>
<context>
    <name>as::ui::SharedWithMeView</name>
    <message>
        <source>Download into folder</source>
        <translation>下载到文件夹</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Shared by</source>
        <translation>分享者</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>分享时间</translation>
    </message>
    <message>
        <source>Files shared with me</source>
        <translation>与我共享的文件</translation>
    </message>
    <message>
        <source>Files other users share with you appear here.</source>
        <translation>其他用户与您共享的文件会显示在这里。</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>下载(&amp;D)…</translation>
    </message>
    <message>
        <source>Could not ask the data center: %1</source>
        <translation>无法询问数据中心：%1</translation>
    </message>
    <message>
        <source>(cannot be opened)</source>
        <translation>（无法打开）</translation>
    </message>
    <message>
        <source>Nothing is shared with you yet.</source>
        <translation>还没有人与您共享文件。</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) shared with you.</source>
        <translation>
            <numerusform>与您共享了 %n 个文件。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>as::ui::SharingActions</name>
    <message>
        <source>Shared with you</source>
        <translation>与您共享</translation>
    </message>
    <message>
        <source>%1 shared “%2” with you</source>
        <translation>%1 与您共享了“%2”</translation>
    </message>
</context>
<context>
    <name>as::ui::StatusIndicator</name>
    <message>
        <source>Engine not answering: %1</source>
        <translation>引擎无响应：%1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message numerus="yes">
        <source>Peer-only mode: the data center is unreachable; %n peer(s) online</source>
        <translation>
            <numerusform>纯节点模式：数据中心不可达；%n 个节点在线</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Data center reachable (availability %1) · %n peer(s) online</source>
        <translation>
            <numerusform>数据中心可达（可用性 %1）· %n 个节点在线</numerusform>
        </translation>
    </message>
    <message>
        <source> · paused</source>
        <translation> · 已暂停</translation>
    </message>
    <message>
        <source> · slow mode</source>
        <translation> · 慢速模式</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source> · the data center %1 does not answer</source>
        <translation> · 数据中心 %1 无响应</translation>
    </message>
    <message>
        <source>Connecting to the data center…</source>
        <translation>正在连接数据中心…</translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
</context>
<context>
    <name>as::ui::TransfersModel</name>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Replica</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 to go</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>peers %1 · DC %2</source>
        <translation>节点 %1 · 数据中心 %2</translation>
    </message>
    <message>
        <source>Bytes received from other peers and from the data center</source>
        <translation>从其他节点和数据中心接收的字节数</translation>
    </message>
    <message>
        <source>%1, %2, %3 percent</source>
        <translation>%1，%2，百分之 %3</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Encrypted copy for another user (%1…)</source>
        <translation>为其他用户保存的加密副本（%1…）</translation>
    </message>
    <message>
        <source>Shared file %1… (name known once decrypted)</source>
        <translation>共享文件 %1…（解密后显示文件名）</translation>
    </message>
    <message>
        <source>calculating…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>&lt; 1 s</source>
        <translation>&lt; 1 秒</translation>
    </message>
</context>
<context>
    <name>as::ui::TransfersView</name>
    <message>
        <source>Transfers</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>C&amp;lear finished</source>
        <translation>清除已完成(&amp;L)</translation>
    </message>
    <message>
        <source>Copy share &amp;link</source>
        <translation>复制分享链接(&amp;L)</translation>
    </message>
</context>
<context>
    <name>as::ui::TrayApp</name>
    <message>
        <source>About AmazingStore</source>
        <translation>关于 AmazingStore</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;AmazingStore&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Encrypted storage that is as available as a data center and as cheap as peer-to-peer.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;AmazingStore&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;像数据中心一样可用、像点对点一样廉价的加密存储。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No system tray was found: AmazingStore runs in this window, and closing it quits.</source>
        <translation>未找到系统托盘：AmazingStore 在此窗口中运行，关闭窗口即退出。</translation>
    </message>
    <message>
        <source>Not a file or share link: %1</source>
        <translation>不是文件或分享链接：%1</translation>
    </message>
    <message>
        <source>Storage contribution stopped: %1</source>
        <translation>存储贡献已停止：%1</translation>
    </message>
    <message>
        <source>Could not change the autostart entry in %1.</source>
        <translation>无法修改 %1 中的自启动项。</translation>
    </message>
    <message>
        <source>The engine did not take the setting %1: %2</source>
        <translation>引擎未接受设置 %1：%2</translation>
    </message>
    <message>
        <source>Contributing up to %1 of disk space to other users.</source>
        <translation>正在为其他用户贡献最多 %1 的磁盘空间。</translation>
    </message>
    <message>
        <source>Not contributing storage. You can change this in the Contribution tab.</source>
        <translation>未贡献存储空间。您可以在“贡献”标签页中更改。</translation>
    </message>
</context>
<context>
    <name>as::ui::TrayController</name>
    <message>
        <source>Current &amp;transfers</source>
        <translation>当前传输(&amp;T)</translation>
    </message>
    <message>
        <source>AmazingStore</source>
        <translation>AmazingStore</translation>
    </message>
    <message>
        <source> — connected to the data center</source>
        <translation> — 已连接数据中心</translation>
    </message>
    <message numerus="yes">
        <source> — %n transfer(s) running</source>
        <translation>
            <numerusform> — %n 个传输进行中</numerusform>
        </translation>
    </message>
    <message>
        <source> — peer-only mode (data center unreachable)</source>
        <translation> — 纯节点模式（数据中心不可达）</translation>
    </message>
    <message>
        <source> — paused</source>
        <translation> — 已暂停</translation>
    </message>
    <message>
        <source> — problem: %1</source>
        <translation> — 问题：%1</translation>
    </message>
    <message>
        <source> (slow mode)</source>
        <translation>（慢速模式）</translation>
    </message>
    <message>
        <source>No transfers running</source>
        <translation>没有进行中的传输</translation>
    </message>
    <message>
        <source>%1 — %2 %3 %, %4 to go</source>
        <translation>%1 — %2 %3%，剩余 %4</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… 另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Peer-only mode</source>
        <translation>纯节点模式</translation>
    </message>
    <message>
        <source>The data center is unreachable. Your files stay available from peers; uploads continue with more peer replicas.</source>
        <translation>数据中心不可达。您的文件仍可从节点获取；上传将继续，并保留更多节点副本。</translation>
    </message>
    <message>
        <source>Data center back</source>
        <translation>数据中心已恢复</translation>
    </message>
    <message>
        <source>The data center is reachable again.</source>
        <translation>数据中心已可再次访问。</translation>
    </message>
    <message>
        <source> — connecting to the data center…</source>
        <translation> — 正在连接数据中心…</translation>
    </message>
    <message>
        <source> — not logged in</source>
        <translation> — 未登录</translation>
    </message>
    <message>
        <source>Share link copied to the clipboard. Anyone with the link can download and decrypt the file.</source>
        <translation>分享链接已复制到剪贴板。任何拿到该链接的人都可以下载并解密此文件。</translation>
    </message>
    <message numerus="yes">
        <source>Click here to copy the share link(s).</source>
        <translation>
            <numerusform>点击此处复制分享链接。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy the share link(s) from the file&apos;s menu in My files or Transfers.</source>
        <translation>
            <numerusform>可在“我的文件”或“传输”中该文件的菜单里复制分享链接。</numerusform>
        </translation>
    </message>
    <message>
        <source>; %1</source>
        <translation>；%1</translation>
    </message>
</context>
</TS>
