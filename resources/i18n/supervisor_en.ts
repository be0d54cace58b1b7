<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CratesScreen</name>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>封箱</source>
        <translation>Close crate</translation>
    </message>
    <message>
        <source>补打标签</source>
        <translation>Reprint label</translation>
    </message>
    <message>
        <source>打印机：</source>
        <translation>Printer:</translation>
    </message>
    <message>
        <source>线路</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>站序</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>社区名称</source>
        <translation>Community name</translation>
    </message>
    <message>
        <source>箱数</source>
        <translation>Crates</translation>
    </message>
    <message>
        <source>未封</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已封</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>加箱</source>
        <translation>Extra</translation>
    </message>
    <message>
        <source>计划件数</source>
        <translation>Planned units</translation>
    </message>
    <message>
        <source>已分件数</source>
        <translation>Units put</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>箱号</source>
        <translation>Crate ID</translation>
    </message>
    <message>
        <source>扫描码</source>
        <translation>Scan code</translation>
    </message>
    <message>
        <source>第几箱</source>
        <translation>Crate n/m</translation>
    </message>
    <message>
        <source>温区</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>标签版本</source>
        <translation>Label version</translation>
    </message>
    <message>
        <source>封箱时间</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <source>常温</source>
        <translation>Ambient</translation>
    </message>
    <message>
        <source>冷藏</source>
        <translation>Chilled</translation>
    </message>
    <message>
        <source>冷冻</source>
        <translation>Frozen</translation>
    </message>
    <message>
        <source>全部已封</source>
        <translation>All closed</translation>
    </message>
    <message>
        <source>分拣中</source>
        <translation>Sorting</translation>
    </message>
    <message>
        <source>（加箱）</source>
        <translation> (extra)</translation>
    </message>
    <message>
        <source>补打 {0}</source>
        <translation>Reprint {0}</translation>
    </message>
    <message>
        <source>请先选择波次</source>
        <translation>Choose a wave first</translation>
    </message>
    <message>
        <source>{0} 个社区，{1} 箱，已封 {2} 箱</source>
        <translation>{0} communities, {1} crates, {2} closed</translation>
    </message>
    <message>
        <source>选择一个社区查看它的周转箱</source>
        <translation>Choose a community to see its crates</translation>
    </message>
    <message>
        <source>{0} 的周转箱</source>
        <translation>Crates of {0}</translation>
    </message>
    <message>
        <source>请先选择一个周转箱</source>
        <translation>Choose a crate first</translation>
    </message>
    <message>
        <source>封箱 {0}？封箱后不能再放入商品。</source>
        <translation>Close crate {0}? Nothing more can be put into it.</translation>
    </message>
    <message>
        <source>计划中还有 {0} 件未放入，将改放到该社区的其他箱或新加的箱。</source>
        <translation> {0} planned units are not in it yet; they will go to another crate of the community or a new extra crate.</translation>
    </message>
    <message>
        <source>已封箱：{0}</source>
        <translation>Crate closed: {0}</translation>
    </message>
    <message>
        <source>补打 {0} 的原因（如：标签破损、丢失）：</source>
        <translation>Why reprint {0} (e.g. label damaged or lost):</translation>
    </message>
    <message>
        <source>已补打 {0} 的标签（打印机 {1}），旧标签已作废</source>
        <translation>Label of {0} reprinted (printer {1}); the old label is void</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已分（件）</source>
        <translation>Put (units)</translation>
    </message>
    <message>
        <source>应分（件）</source>
        <translation>Due (units)</translation>
    </message>
    <message>
        <source>订购（件）</source>
        <translation>Ordered (units)</translation>
    </message>
    <message>
        <source>缺货（件）</source>
        <translation>Short (units)</translation>
    </message>
    <message>
        <source>社区完成</source>
        <translation>Communities done</translation>
    </message>
    <message>
        <source>商品完成</source>
        <translation>SKUs done</translation>
    </message>
    <message>
        <source>分拣次数</source>
        <translation>Puts</translation>
    </message>
    <message>
        <source>错箱拦截</source>
        <translation>Wrong crate caught</translation>
    </message>
    <message>
        <source>错箱率（每万件）</source>
        <translation>Wrong crate per 10,000 units</translation>
    </message>
    <message>
        <source>按社区</source>
        <translation>By community</translation>
    </message>
    <message>
        <source>按商品</source>
        <translation>By SKU</translation>
    </message>
    <message>
        <source>按工位</source>
        <translation>By station</translation>
    </message>
    <message>
        <source>按员工</source>
        <translation>By worker</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>社区名称</source>
        <translation>Community name</translation>
    </message>
    <message>
        <source>订购</source>
        <translation>Ordered</translation>
    </message>
    <message>
        <source>应分</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>已分</source>
        <translation>Put</translation>
    </message>
    <message>
        <source>商品编号</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>商品名称</source>
        <translation>SKU name</translation>
    </message>
    <message>
        <source>工位</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Worker code</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>每小时分拣次数</source>
        <translation>Puts per hour</translation>
    </message>
    <message>
        <source>（未登录）</source>
        <translation>(not logged in)</translation>
    </message>
    <message>
        <source>请先选择波次</source>
        <translation>Choose a wave first</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>最近一次分拣：{0}</source>
        <translation>Last put: {0}</translation>
    </message>
</context>
<context>
    <name>ExceptionsScreen</name>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>最近的错箱事件</source>
        <translation>Latest wrong-crate events</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Worker code</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>错箱拦截</source>
        <translation>Wrong crate caught</translation>
    </message>
    <message>
        <source>已分（件）</source>
        <translation>Put (units)</translation>
    </message>
    <message>
        <source>错箱率（每万件）</source>
        <translation>Wrong crate per 10,000 units</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>工位</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>商品</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>商品名称</source>
        <translation>SKU name</translation>
    </message>
    <message>
        <source>应放社区</source>
        <translation>Meant for</translation>
    </message>
    <message>
        <source>扫到的箱</source>
        <translation>Crate scanned</translation>
    </message>
    <message>
        <source>扫到的社区</source>
        <translation>Its community</translation>
    </message>
    <message>
        <source>件数</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>扫到的内容</source>
        <translation>What was scanned</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>次数</source>
        <translation>Times</translation>
    </message>
    <message>
        <source>首次</source>
        <translation>First</translation>
    </message>
    <message>
        <source>最近</source>
        <translation>Latest</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>社区名称</source>
        <translation>Community name</translation>
    </message>
    <message>
        <source>订单</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>原数量</source>
        <translation>Old qty</translation>
    </message>
    <message>
        <source>新数量</source>
        <translation>New qty</translation>
    </message>
    <message>
        <source>已分</source>
        <translation>Put</translation>
    </message>
    <message>
        <source>需从箱中取回</source>
        <translation>To take back out</translation>
    </message>
    <message>
        <source>发现时间</source>
        <translation>Found at</translation>
    </message>
    <message>
        <source>错箱（{0}）</source>
        <translation>Wrong crate ({0})</translation>
    </message>
    <message>
        <source>未知条码（{0}）</source>
        <translation>Unknown codes ({0})</translation>
    </message>
    <message>
        <source>导入冲突（{0}）</source>
        <translation>Import conflicts ({0})</translation>
    </message>
    <message>
        <source>未知商品条码</source>
        <translation>Unknown product barcode</translation>
    </message>
    <message>
        <source>未知箱码</source>
        <translation>Unknown crate code</translation>
    </message>
    <message>
        <source>已作废的旧标签</source>
        <translation>Void (replaced) label</translation>
    </message>
    <message>
        <source>无法识别</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <source>数量减少</source>
        <translation>Quantity reduced</translation>
    </message>
    <message>
        <source>订单行取消</source>
        <translation>Line cancelled</translation>
    </message>
    <message>
        <source>订单取消</source>
        <translation>Order cancelled</translation>
    </message>
    <message>
        <source>商品取消</source>
        <translation>SKU cancelled</translation>
    </message>
    <message>
        <source>（未登录）</source>
        <translation>(not logged in)</translation>
    </message>
    <message>
        <source>请先选择波次</source>
        <translation>Choose a wave first</translation>
    </message>
</context>
<context>
    <name>HubPage</name>
    <message>
        <source>仓库与工位</source>
        <translation>Hub and station</translation>
    </message>
    <message>
        <source>仓库编号与平台上的一致；每台电脑一个工位号。</source>
        <translation>The hub ID as the platform knows it; one station ID per PC.</translation>
    </message>
    <message>
        <source>仓库编号</source>
        <translation>Hub ID</translation>
    </message>
    <message>
        <source>本机工位号</source>
        <translation>This PC's station ID</translation>
    </message>
    <message>
        <source>时区</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <source>大写字母或数字，如 HZ01</source>
        <translation>Upper-case letters or digits, e.g. HZ01</translation>
    </message>
</context>
<context>
    <name>PlatformPage</name>
    <message>
        <source>平台连接</source>
        <translation>Platform connection</translation>
    </message>
    <message>
        <source>只从文件导入订单的仓库可以留空。</source>
        <translation>Leave empty if this hub imports orders from files only.</translation>
    </message>
    <message>
        <source>平台地址</source>
        <translation>Platform URL</translation>
    </message>
    <message>
        <source>平台令牌</source>
        <translation>Platform token</translation>
    </message>
    <message>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>令牌保存在系统凭据库中，不写入设置文件。</source>
        <translation>The token is kept in the OS credential store, never in the settings file.</translation>
    </message>
    <message>
        <source>本机没有系统凭据库：令牌请用环境变量 SORTER_API_TOKEN 提供。</source>
        <translation>This PC has no OS credential store: provide the token in the SORTER_API_TOKEN environment variable.</translation>
    </message>
    <message>
        <source>请填写平台地址和令牌</source>
        <translation>Enter the platform URL and token</translation>
    </message>
    <message>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>连接成功：今天有 {0} 个波次</source>
        <translation>Connected: {0} waves today</translation>
    </message>
    <message>
        <source>连接失败：{0}</source>
        <translation>Connection failed: {0}</translation>
    </message>
</context>
<context>
    <name>PrintCentreScreen</name>
    <message>
        <source>打印机</source>
        <translation>Printers</translation>
    </message>
    <message>
        <source>打印队列</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <source>标签预览</source>
        <translation>Label preview</translation>
    </message>
    <message>
        <source>打印测试标签</source>
        <translation>Print test label</translation>
    </message>
    <message>
        <source>取消所选任务</source>
        <translation>Cancel selected job</translation>
    </message>
    <message>
        <source>重试所选任务</source>
        <translation>Retry selected job</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>未完成的任务</source>
        <translation>Unfinished jobs</translation>
    </message>
    <message>
        <source>全部任务</source>
        <translation>All jobs</translation>
    </message>
    <message>
        <source>选择社区</source>
        <translation>Choose a community</translation>
    </message>
    <message>
        <source>选择周转箱</source>
        <translation>Choose a crate</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>指令语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>分辨率</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>标签尺寸</source>
        <translation>Label size</translation>
    </message>
    <message>
        <source>连接方式</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>尝试次数</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>加入时间</source>
        <translation>Queued at</translation>
    </message>
    <message>
        <source>发送时间</source>
        <translation>Sent at</translation>
    </message>
    <message>
        <source>选择社区和周转箱后预览标签</source>
        <translation>Choose a community and a crate to preview its label</translation>
    </message>
    <message>
        <source>排队中</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>发送中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>已发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>箱标签</source>
        <translation>Crate label</translation>
    </message>
    <message>
        <source>单据</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>测试标签</source>
        <translation>Test label</translation>
    </message>
    <message>
        <source>本版本没有打印队列</source>
        <translation>This build has no print queue</translation>
    </message>
    <message>
        <source>排队 {0}，失败 {1}</source>
        <translation>{0} queued, {1} failed</translation>
    </message>
    <message>
        <source>请先选择周转箱</source>
        <translation>Choose a crate first</translation>
    </message>
    <message>
        <source>请先选择打印机（打印机在设置文件的 [printers.名称] 中设置）</source>
        <translation>Choose a printer first (printers are set up in the settings file, [printers.NAME])</translation>
    </message>
    <message>
        <source>正在向 {0} 发送测试标签…</source>
        <translation>Sending a test label to {0}…</translation>
    </message>
    <message>
        <source>测试标签已发送到 {0}（{1}）</source>
        <translation>Test label sent to {0} ({1})</translation>
    </message>
    <message>
        <source>请先在队列中选择一个任务</source>
        <translation>Choose a job in the queue first</translation>
    </message>
    <message>
        <source>已取消打印任务</source>
        <translation>Cancelled print job</translation>
    </message>
    <message>
        <source>已重新排队打印任务</source>
        <translation>Queued again: print job</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>标签打印机</source>
        <translation>Label printer</translation>
    </message>
    <message>
        <source>可以留空跳过，稍后在设置文件或打印中心添加。</source>
        <translation>Leave empty to skip; add printers later in the settings file.</translation>
    </message>
    <message>
        <source>名称（字母、数字）</source>
        <translation>Name (letters, digits)</translation>
    </message>
    <message>
        <source>指令语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>连接方式</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>标签尺寸（毫米）</source>
        <translation>Label size (mm)</translation>
    </message>
    <message>
        <source>分辨率（dpi）</source>
        <translation>Resolution (dpi)</translation>
    </message>
    <message>
        <source>如 192.168.1.50:9100、COM3 或打印队列名</source>
        <translation>e.g. 192.168.1.50:9100, COM3 or a print queue name</translation>
    </message>
    <message>
        <source>打印测试标签</source>
        <translation>Print test label</translation>
    </message>
    <message>
        <source>请填写打印机名称和地址</source>
        <translation>Enter the printer's name and address</translation>
    </message>
    <message>
        <source>正在发送测试标签…</source>
        <translation>Sending a test label…</translation>
    </message>
    <message>
        <source>测试标签已发送到 {0}：请看打印机是否出纸、条码能否扫出</source>
        <translation>Test label sent to {0}: check that it printed and that its barcodes scan</translation>
    </message>
    <message>
        <source>打印失败：{0}</source>
        <translation>Printing failed: {0}</translation>
    </message>
</context>
<context>
    <name>ReceivingScreen</name>
    <message>
        <source>商品编号</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>商品名称</source>
        <translation>SKU name</translation>
    </message>
    <message>
        <source>订购</source>
        <translation>Ordered</translation>
    </message>
    <message>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>破损</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <source>可用</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>缺货</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>多到</source>
        <translation>Over</translation>
    </message>
    <message>
        <source>已分</source>
        <translation>Put</translation>
    </message>
    <message>
        <source>收货状态</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>社区名称</source>
        <translation>Community name</translation>
    </message>
    <message>
        <source>订单</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>下单时间</source>
        <translation>Ordered at</translation>
    </message>
    <message>
        <source>缺</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>关闭所选商品收货</source>
        <translation>Close receiving of selected SKU</translation>
    </message>
    <message>
        <source>关闭整个波次收货</source>
        <translation>Close receiving of the whole wave</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>缺货分配策略：{0}</source>
        <translation>Shortage policy: {0}</translation>
    </message>
    <message>
        <source>后下单先缺</source>
        <translation>Latest orders first</translation>
    </message>
    <message>
        <source>分摊到各订单</source>
        <translation>Spread over orders</translation>
    </message>
    <message>
        <source>集中到最少社区</source>
        <translation>Fewest communities</translation>
    </message>
    <message>
        <source>未到货</source>
        <translation>Not arrived</translation>
    </message>
    <message>
        <source>收货中</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>预计（收货未关闭）</source>
        <translation>Expected (receiving open)</translation>
    </message>
    <message>
        <source>供应商少货</source>
        <translation>Supplier short</translation>
    </message>
    <message>
        <source>到货太晚</source>
        <translation>Arrived too late</translation>
    </message>
    <message>
        <source>到货破损</source>
        <translation>Damaged on arrival</translation>
    </message>
    <message>
        <source>仓内破损</source>
        <translation>Damaged in hub</translation>
    </message>
    <message>
        <source>请先选择波次</source>
        <translation>Choose a wave first</translation>
    </message>
    <message>
        <source>整个波次收货已关闭</source>
        <translation>Receiving closed for the whole wave</translation>
    </message>
    <message>
        <source>选择一个商品查看每行缺货</source>
        <translation>Choose a SKU to see the shortage of each line</translation>
    </message>
    <message>
        <source>{0} 的最终缺货：共 {1} 件</source>
        <translation>Final shortage of {0}: {1} units</translation>
    </message>
    <message>
        <source>{0} 若现在关闭收货，按“{1}”将缺：共 {2} 件</source>
        <translation>If receiving of {0} closed now, "{1}" would short {2} units</translation>
    </message>
    <message>
        <source>请先选择一个商品</source>
        <translation>Choose a SKU first</translation>
    </message>
    <message>
        <source>关闭整个波次 {0} 的收货？所有未关闭的商品缺货将按“{1}”定为最终结果，不能撤销。</source>
        <translation>Close receiving of the whole wave {0}? The shortages of every open SKU become final by "{1}"; this cannot be undone.</translation>
    </message>
    <message>
        <source>关闭商品 {0} 的收货？缺货将按“{1}”定为最终结果，不能撤销。</source>
        <translation>Close receiving of SKU {0}? Its shortage becomes final by "{1}"; this cannot be undone.</translation>
    </message>
    <message>
        <source>关闭收货</source>
        <translation>Close receiving</translation>
    </message>
    <message>
        <source>已关闭 {0} 个商品的收货，记录缺货 {1} 行</source>
        <translation>Receiving closed for {0} SKUs; {1} shortage lines recorded</translation>
    </message>
</context>
<context>
    <name>ScannerPage</name>
    <message>
        <source>扫码枪</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>点“测试扫码”，再用扫码枪扫任意条码（如商品条码或工牌）。</source>
        <translation>Press "Test scan", then scan any barcode (a product or a badge).</translation>
    </message>
    <message>
        <source>扫到的内容</source>
        <translation>What was scanned</translation>
    </message>
    <message>
        <source>测试扫码</source>
        <translation>Test scan</translation>
    </message>
    <message>
        <source>键盘输入框</source>
        <translation>typed into the field</translation>
    </message>
    <message>
        <source>键盘模式扫码枪</source>
        <translation>keyboard-wedge scanner</translation>
    </message>
    <message>
        <source>串口扫码枪</source>
        <translation>serial scanner</translation>
    </message>
    <message>
        <source>手动输入</source>
        <translation>typed by hand</translation>
    </message>
    <message>
        <source>，按键最大间隔 {0:.0f} 毫秒</source>
        <translation>, longest gap between keys {0:.0f} ms</translation>
    </message>
    <message>
        <source>收到 {0} 个字符（{1}{2}）：{3}</source>
        <translation>Received {0} characters ({1}{2}): {3}</translation>
    </message>
    <message>
        <source>商品条码 {0}</source>
        <translation>Product barcode {0}</translation>
    </message>
    <message>
        <source>称重码：PLU {0}，{1} 克</source>
        <translation>Weight label: PLU {0}, {1} g</translation>
    </message>
    <message>
        <source>计价码：PLU {0}（请把秤设为打印重量）</source>
        <translation>Price label: PLU {0} (set the scale to print the weight)</translation>
    </message>
    <message>
        <source>周转箱码 {0}</source>
        <translation>Crate code {0}</translation>
    </message>
    <message>
        <source>操作卡 {0}</source>
        <translation>Command card {0}</translation>
    </message>
    <message>
        <source>工牌 {0}</source>
        <translation>Badge {0}</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>仓库编号</source>
        <translation>Hub ID</translation>
    </message>
    <message>
        <source>时区</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <source>平台地址</source>
        <translation>Platform URL</translation>
    </message>
    <message>
        <source>平台令牌</source>
        <translation>Platform token</translation>
    </message>
    <message>
        <source>缺货分配策略</source>
        <translation>Shortage policy</translation>
    </message>
    <message>
        <source>到货前允许分拣</source>
        <translation>Sort before receiving</translation>
    </message>
    <message>
        <source>收货截止时间</source>
        <translation>Receiving cut time</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>后下单先缺（默认）</source>
        <translation>Latest orders first (default)</translation>
    </message>
    <message>
        <source>分摊到各订单</source>
        <translation>Spread over orders</translation>
    </message>
    <message>
        <source>集中到最少社区</source>
        <translation>Fewest communities</translation>
    </message>
    <message>
        <source>商品未到货时也可按订购数分拣</source>
        <translation>Allow sorting ordered quantities before goods arrive</translation>
    </message>
    <message>
        <source>大写字母或数字，如 HZ01</source>
        <translation>Upper-case letters or digits, e.g. HZ01</translation>
    </message>
    <message>
        <source>留空则不修改已保存的令牌</source>
        <translation>Leave empty to keep the saved token</translation>
    </message>
    <message>
        <source>HH:MM，留空则由班组长关闭收货</source>
        <translation>HH:MM; leave empty for supervisors to close receiving</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>还原</source>
        <translation>Revert</translation>
    </message>
    <message>
        <source>令牌保存在系统凭据库中，不写入设置文件。</source>
        <translation>The token is kept in the OS credential store, never in the settings file.</translation>
    </message>
    <message>
        <source>本机没有系统凭据库：令牌请用环境变量 SORTER_API_TOKEN 提供。</source>
        <translation>This PC has no OS credential store: provide the token in the SORTER_API_TOKEN environment variable.</translation>
    </message>
    <message>
        <source>设置已保存：{0}</source>
        <translation>Settings saved: {0}</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>集单分拣台：首次设置</source>
        <translation>Hub Sorter: first-run set-up</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>Supervisor</name>
    <message>
        <source>出错了：{0}</source>
        <translation>Something went wrong: {0}</translation>
    </message>
    <message>
        <source>波次：</source>
        <translation>Wave:</translation>
    </message>
    <message>
        <source>请选择波次</source>
        <translation>Choose a wave</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <source>第一位班组长</source>
        <translation>The first supervisor</translation>
    </message>
    <message>
        <source>班组长用密码解锁管理功能（关闭收货、补打标签、设置）。</source>
        <translation>Supervisors unlock supervisor actions (closing receiving, reprints, settings) with a PIN.</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Worker code</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>密码（4–12 位数字）</source>
        <translation>PIN (4–12 digits)</translation>
    </message>
    <message>
        <source>再输一次密码</source>
        <translation>PIN again</translation>
    </message>
    <message>
        <source>请填写工号和姓名</source>
        <translation>Enter a worker code and a name</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two PINs differ</translation>
    </message>
</context>
<context>
    <name>WavesScreen</name>
    <message>
        <source>配送日期：</source>
        <translation>Delivery date:</translation>
    </message>
    <message>
        <source>从平台导入</source>
        <translation>Import from platform</translation>
    </message>
    <message>
        <source>从文件导入…</source>
        <translation>Import from file…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>设为当前波次</source>
        <translation>Make current wave</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>当前</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>波次</source>
        <translation>Wave</translation>
    </message>
    <message>
        <source>配送日期</source>
        <translation>Delivery date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>商品</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>订单</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>待分拣行</source>
        <translation>Lines to sort</translation>
    </message>
    <message>
        <source>待分拣件数</source>
        <translation>Units to sort</translation>
    </message>
    <message>
        <source>未处理冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <source>社区名称</source>
        <translation>Community name</translation>
    </message>
    <message>
        <source>商品名称</source>
        <translation>SKU name</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>原数量</source>
        <translation>Old qty</translation>
    </message>
    <message>
        <source>新数量</source>
        <translation>New qty</translation>
    </message>
    <message>
        <source>已分</source>
        <translation>Put</translation>
    </message>
    <message>
        <source>需从箱中取回</source>
        <translation>To take back out</translation>
    </message>
    <message>
        <source>已截单</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>接单中</source>
        <translation>Open for orders</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>正在下载社区</source>
        <translation>Downloading communities</translation>
    </message>
    <message>
        <source>正在下载商品</source>
        <translation>Downloading SKUs</translation>
    </message>
    <message>
        <source>正在下载订单</source>
        <translation>Downloading orders</translation>
    </message>
    <message>
        <source>正在写入数据库</source>
        <translation>Writing to the database</translation>
    </message>
    <message>
        <source>正在规划周转箱</source>
        <translation>Planning crates</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>正在读取文件</source>
        <translation>Reading the file</translation>
    </message>
    <message>
        <source>数量减少</source>
        <translation>Quantity reduced</translation>
    </message>
    <message>
        <source>订单行取消</source>
        <translation>Line cancelled</translation>
    </message>
    <message>
        <source>订单取消</source>
        <translation>Order cancelled</translation>
    </message>
    <message>
        <source>商品取消</source>
        <translation>SKU cancelled</translation>
    </message>
    <message>
        <source>{0}：已导入，{1} 个社区，{2} 个商品，{3} 个订单，{4} 行</source>
        <translation>{0}: imported, {1} communities, {2} SKUs, {3} orders, {4} lines</translation>
    </message>
    <message>
        <source>{0}：已更新，{1} 处变化，{2} 个冲突需要处理</source>
        <translation>{0}: updated, {1} changes, {2} conflicts to resolve</translation>
    </message>
    <message>
        <source>{0}：无变化</source>
        <translation>{0}: unchanged</translation>
    </message>
    <message>
        <source>{0}：平台已取消该波次，已跳过</source>
        <translation>{0}: cancelled on the platform, skipped</translation>
    </message>
    <message>
        <source>{0}：未导入：{1}</source>
        <translation>{0}: not imported: {1}</translation>
    </message>
    <message>
        <source>{0}：导入失败：{1}</source>
        <translation>{0}: import failed: {1}</translation>
    </message>
    <message>
        <source>选择一个波次查看未处理的导入冲突</source>
        <translation>Choose a wave to see its open import conflicts</translation>
    </message>
    <message>
        <source>{0}：没有未处理的导入冲突</source>
        <translation>{0}: no open import conflicts</translation>
    </message>
    <message>
        <source>{0}：{1} 个未处理的导入冲突（已分入箱的件数需取回）</source>
        <translation>{0}: {1} open import conflicts (units already in crates must be taken back out)</translation>
    </message>
    <message>
        <source>请先在列表中选择一个波次</source>
        <translation>Choose a wave in the list first</translation>
    </message>
    <message>
        <source>当前波次：{0}</source>
        <translation>Current wave: {0}</translation>
    </message>
    <message>
        <source>正在连接平台…</source>
        <translation>Connecting to the platform…</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>选择订单导出文件</source>
        <translation>Choose an order export file</translation>
    </message>
    <message>
        <source>订单文件 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Order files (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>正在读取文件…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>{0}：{1}{2}</source>
        <translation>{0}: {1}{2}</translation>
    </message>
</context>
<context>
    <name>screens</name>
    <message>
        <source>看板</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>波次导入</source>
        <translation>Waves</translation>
    </message>
    <message>
        <source>收货与缺货</source>
        <translation>Receiving &amp; shortages</translation>
    </message>
    <message>
        <source>周转箱</source>
        <translation>Crates</translation>
    </message>
    <message>
        <source>异常</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <source>打印中心</source>
        <translation>Print centre</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
</context>
</TS>
