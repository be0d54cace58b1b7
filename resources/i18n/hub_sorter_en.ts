<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AddPrinterDialog</name>
    <message>
        <source>添加打印机</source>
        <translation>Add a printer</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在发送测试标签…</source>
        <translation>Sending a test label…</translation>
    </message>
    <message>
        <source>测试标签已发送到 {0}</source>
        <translation>Test label sent to {0}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>无法打开数据库：{error}</source>
        <translation>Cannot open the database: {error}</translation>
    </message>
    <message>
        <source>集单分拣台无法启动</source>
        <translation>Hub Sorter cannot start</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>AuditScreen</name>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>校验哈希链</source>
        <translation>Check the hash chain</translation>
    </message>
    <message>
        <source>导出 CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>还没有班组长操作记录</source>
        <translation>No supervisor actions yet</translation>
    </message>
    <message>
        <source>强制发车、补打标签、结束收货等需要班组长的操作会记在这里。</source>
        <translation>Forced dispatches, label reprints, closing receiving and other supervisor actions are recorded here.</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>班组长</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>班组长操作记录（最新在前，共 {0} 条）</source>
        <translation>Supervised actions (newest first, {0} records)</translation>
    </message>
    <message>
        <source>✔ 哈希链完好（{0} 条）</source>
        <translation>✔ Hash chain intact ({0} records)</translation>
    </message>
    <message>
        <source>✖ 第 {0} 条记录被改动或缺失</source>
        <translation>✖ Record #{0} was altered or is missing</translation>
    </message>
    <message>
        <source>缺筐强制发车</source>
        <translation>Forced dispatch (crates missing)</translation>
    </message>
    <message>
        <source>重试搁置的上报</source>
        <translation>Parked report retried</translation>
    </message>
    <message>
        <source>放弃搁置的上报</source>
        <translation>Parked report dismissed</translation>
    </message>
    <message>
        <source>重新发往平台</source>
        <translation>Re-sent to the platform</translation>
    </message>
    <message>
        <source>补打筐贴</source>
        <translation>Label reprinted</translation>
    </message>
    <message>
        <source>班组长结束收货</source>
        <translation>Receiving closed by a supervisor</translation>
    </message>
    <message>
        <source>设置班组长密码</source>
        <translation>Supervisor PIN set</translation>
    </message>
    <message>
        <source>超时撤销</source>
        <translation>Late undo</translation>
    </message>
    <message>
        <source>波次 {0}</source>
        <translation>wave {0}</translation>
    </message>
    <message>
        <source>线路 {0}</source>
        <translation>route {0}</translation>
    </message>
    <message>
        <source>商品 {0}</source>
        <translation>SKU {0}</translation>
    </message>
    <message>
        <source>筐 {0}</source>
        <translation>crate {0}</translation>
    </message>
    <message>
        <source>上报 #{0}</source>
        <translation>report #{0}</translation>
    </message>
    <message>
        <source>人员 {0}</source>
        <translation>person {0}</translation>
    </message>
    <message>
        <source>导出审计日志</source>
        <translation>Export the audit log</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>已导出 {0} 条记录到 {1}</source>
        <translation>{0} records exported to {1}</translation>
    </message>
</context>
<context>
    <name>Cards</name>
    <message>
        <source>取消</source>
        <translation>CANCEL</translation>
    </message>
    <message>
        <source>放弃当前目标，重新扫商品</source>
        <translation>Drop the current target; scan the item again</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>UNDO</translation>
    </message>
    <message>
        <source>撤回上一次放货</source>
        <translation>Take back the last put</translation>
    </message>
    <message>
        <source>筐满换筐</source>
        <translation>CRATE FULL</translation>
    </message>
    <message>
        <source>当前筐已满，开一个新筐</source>
        <translation>This crate is full: open a new one</translation>
    </message>
    <message>
        <source>破损登记</source>
        <translation>DAMAGED</translation>
    </message>
    <message>
        <source>先扫此卡，再扫破损商品</source>
        <translation>Scan this card, then the damaged item</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>LOG OUT</translation>
    </message>
    <message>
        <source>下班或换人时扫描</source>
        <translation>Scan at the end of a shift or when handing over</translation>
    </message>
    <message>
        <source>数量 {n}</source>
        <translation>Count {n}</translation>
    </message>
    <message>
        <source>收货：先扫此卡，再扫商品，记 {n} 件</source>
        <translation>Receiving: scan this card, then the product: {n} units</translation>
    </message>
    <message>
        <source>输入数量</source>
        <translation>Type a count</translation>
    </message>
    <message>
        <source>收货：扫此卡，键盘输入数量按回车，再扫商品</source>
        <translation>Receiving: scan this card, type the count and Enter, then scan the product</translation>
    </message>
</context>
<context>
    <name>CardsScreen</name>
    <message>
        <source>操作卡与工牌</source>
        <translation>Command cards and badges</translation>
    </message>
    <message>
        <source>操作卡</source>
        <translation>Command cards</translation>
    </message>
    <message>
        <source>工牌</source>
        <translation>Badges</translation>
    </message>
    <message>
        <source>线路卡</source>
        <translation>Route cards</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
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
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>密码（班组长）</source>
        <translation>PIN (supervisors)</translation>
    </message>
    <message>
        <source>分拣员</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>班组长</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>添加人员</source>
        <translation>Add person</translation>
    </message>
    <message>
        <source>已添加 {name}（{code}）</source>
        <translation>Added {name} ({code})</translation>
    </message>
    <message>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>正在生成…</source>
        <translation>Creating…</translation>
    </message>
    <message>
        <source>已保存 {path}（{pages} 页）</source>
        <translation>Saved {path} ({pages} pages)</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>已发送打印（{pages} 页）</source>
        <translation>Sent to the printer ({pages} pages)</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>已分占应分（%）：全部与重点线路</source>
        <translation>Sorted as % of due: all and the routes to watch</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>应分（100%）</source>
        <translation>Due (100%)</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>各员工错筐率（每万件）</source>
        <translation>Wrong-crate rate per worker (per 10,000)</translation>
    </message>
    <message>
        <source>错筐率（每万件）</source>
        <translation>Wrong crates per 10,000</translation>
    </message>
</context>
<context>
    <name>CrateReturnsScreen</name>
    <message>
        <source>扫描回收的周转箱：</source>
        <translation>Scan a returned crate:</translation>
    </message>
    <message>
        <source>扫码或输入筐码后按回车</source>
        <translation>Scan, or type the crate code and press Enter</translation>
    </message>
    <message>
        <source>登记收回</source>
        <translation>Record return</translation>
    </message>
    <message>
        <source>周转箱台账（按团长）</source>
        <translation>Crate ledger (by leader)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>团长</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>发出</source>
        <translation>Out</translation>
    </message>
    <message>
        <source>收回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>在外</source>
        <translation>Held</translation>
    </message>
    <message>
        <source>最早发出</source>
        <translation>Oldest out since</translation>
    </message>
    <message>
        <source>已在外</source>
        <translation>Held for</translation>
    </message>
    <message>
        <source>还没有在外的周转箱</source>
        <translation>No crates out yet</translation>
    </message>
    <message>
        <source>线路发车后，每个团长带走的周转箱记在这里；收回时在上方扫描筐码。</source>
        <translation>Once a route is dispatched, the crates each leader takes are listed here; scan a crate&apos;s code above when it comes back.</translation>
    </message>
    <message>
        <source>{0} 分钟</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <source>{0} 小时 {1} 分</source>
        <translation>{0} h {1} min</translation>
    </message>
    <message>
        <source>{0} 天 {1} 小时</source>
        <translation>{0} d {1} h</translation>
    </message>
    <message>
        <source>{0} 已经登记过收回，不重复计数；团长 {1}（{2}）仍在外 {3} 个</source>
        <translation>{0} was already recorded as back, not counted again; leader {1} ({2}) still holds {3}</translation>
    </message>
    <message>
        <source>已收回 {0}：团长 {1}（{2}），社区 {3}；仍在外 {4} 个</source>
        <translation>Back: {0} from leader {1} ({2}), community {3}; {4} still held</translation>
    </message>
</context>
<context>
    <name>CratesScreen</name>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>封筐</source>
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
        <source>筐数</source>
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
        <source>加筐</source>
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
        <source>筐号</source>
        <translation>Crate ID</translation>
    </message>
    <message>
        <source>扫描码</source>
        <translation>Scan code</translation>
    </message>
    <message>
        <source>第几筐</source>
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
        <source>封筐时间</source>
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
        <source>（加筐）</source>
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
        <source>{0} 个社区，{1} 筐，已封 {2} 筐</source>
        <translation>{0} communities, {1} crates, {2} closed</translation>
    </message>
    <message>
        <source>选择一个社区查看它的筐</source>
        <translation>Choose a community to see its crates</translation>
    </message>
    <message>
        <source>{0} 的筐</source>
        <translation>Crates of {0}</translation>
    </message>
    <message>
        <source>这个波次还没有筐</source>
        <translation>This wave has no crates yet</translation>
    </message>
    <message>
        <source>筐在导入波次时按订单排好；订单都取消了的社区没有筐。</source>
        <translation>Crates are planned from the orders when the wave is imported; a community whose orders were all cancelled has none.</translation>
    </message>
    <message>
        <source>请先选择一个筐</source>
        <translation>Choose a crate first</translation>
    </message>
    <message>
        <source>封筐 {0}？封筐后不能再放入商品。</source>
        <translation>Close crate {0}? Nothing more can be put into it.</translation>
    </message>
    <message>
        <source>计划中还有 {0} 件未放入，将改放到该社区的其他筐或新加的筐。</source>
        <translation> {0} planned units are not in it yet; they will go to another crate of the community or a new extra crate.</translation>
    </message>
    <message>
        <source>已封筐：{0}</source>
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
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已分（件）</source>
        <translation>Put (units)</translation>
    </message>
    <message>
        <source>分拣次数</source>
        <translation>Puts</translation>
    </message>
    <message>
        <source>错筐拦截</source>
        <translation>Wrong crate caught</translation>
    </message>
    <message>
        <source>错筐率（每万件）</source>
        <translation>Wrong crate per 10,000 units</translation>
    </message>
    <message>
        <source>线路看板</source>
        <translation>Route board</translation>
    </message>
    <message>
        <source>图表</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>明细表</source>
        <translation>Details</translation>
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
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>损耗分析</source>
        <translation>Losses</translation>
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
        <source>节点</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>距上一节点（分钟）</source>
        <translation>Minutes since previous</translation>
    </message>
    <message>
        <source>维度</source>
        <translation>By</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>缺货</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>破损</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <source>缺货率</source>
        <translation>Shortage rate</translation>
    </message>
    <message>
        <source>破损率</source>
        <translation>Damage rate</translation>
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
        <source>还没有工位分拣</source>
        <translation>No station has sorted yet</translation>
    </message>
    <message>
        <source>工位扫第一件商品后，这里按工位列出已分件数。</source>
        <translation>Once a station scans its first item, the units sorted are listed here by station.</translation>
    </message>
    <message>
        <source>还没有人分拣</source>
        <translation>Nobody has sorted yet</translation>
    </message>
    <message>
        <source>员工在工位登录并分拣后，这里列出每人的件数和错筐率。</source>
        <translation>Once workers sign in at a station and sort, each one&apos;s units and wrong-crate rate are listed here.</translation>
    </message>
    <message>
        <source>没有缺货或破损</source>
        <translation>No shortages or damage</translation>
    </message>
    <message>
        <source>收货关闭后确定的缺货和记录的破损会列在这里。</source>
        <translation>Shortages made final when receiving closes, and recorded damage, are listed here.</translation>
    </message>
    <message>
        <source>（未登录）</source>
        <translation>(not logged in)</translation>
    </message>
    <message>
        <source>截单</source>
        <translation>Order cutoff</translation>
    </message>
    <message>
        <source>导入完成</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>开始收货</source>
        <translation>Receiving started</translation>
    </message>
    <message>
        <source>开始分拣</source>
        <translation>Sorting started</translation>
    </message>
    <message>
        <source>分拣完成</source>
        <translation>Sorted</translation>
    </message>
    <message>
        <source>全部发车</source>
        <translation>All routes dispatched</translation>
    </message>
    <message>
        <source>线路 {0} 发车</source>
        <translation>Route {0} dispatched</translation>
    </message>
    <message>
        <source>导入早于截单</source>
        <translation>Imported before cutoff</translation>
    </message>
    <message>
        <source>早于上一节点</source>
        <translation>Earlier than the step before</translation>
    </message>
    <message>
        <source>商品</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>品类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>完成 {0} · 订购 {1} 件 · 缺货 {2} · 错筐拦截 {3} · 售后错分（每万件）{4}</source>
        <translation>Done {0} · ordered {1} units · short {2} · wrong crates caught {3} · missorts claimed (per 10,000) {4}</translation>
    </message>
    <message>
        <source> · 社区完成 {0} · 商品完成 {1} · 分拣次数 {2}</source>
        <translation> · communities done {0} · SKUs done {1} · puts {2}</translation>
    </message>
    <message>
        <source>导入波次</source>
        <translation>Import a wave</translation>
    </message>
    <message>
        <source>还没有选择波次</source>
        <translation>No wave chosen yet</translation>
    </message>
    <message>
        <source>导入今晚的波次，或在上方选择一个已导入的波次。</source>
        <translation>Import tonight&apos;s wave, or choose an imported wave above.</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
</context>
<context>
    <name>DispatchScreen</name>
    <message>
        <source>线路：</source>
        <translation>Route:</translation>
    </message>
    <message>
        <source>请选择线路</source>
        <translation>Choose a route</translation>
    </message>
    <message>
        <source>发车时间：</source>
        <translation>Departure time:</translation>
    </message>
    <message>
        <source>司机（可选）：</source>
        <translation>Driver (optional):</translation>
    </message>
    <message>
        <source>车牌（可选）：</source>
        <translation>Plate (optional):</translation>
    </message>
    <message>
        <source>司机姓名</source>
        <translation>Driver&apos;s name</translation>
    </message>
    <message>
        <source>车牌号</source>
        <translation>Number plate</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>发车</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>缺筐强制发车…</source>
        <translation>Force dispatch with crates missing…</translation>
    </message>
    <message>
        <source>站序</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>小区编号</source>
        <translation>Community ID</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>应装筐数</source>
        <translation>Crates expected</translation>
    </message>
    <message>
        <source>已装</source>
        <translation>Loaded</translation>
    </message>
    <message>
        <source>缺</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>装车状态</source>
        <translation>Loading</translation>
    </message>
    <message>
        <source>已装齐</source>
        <translation>All loaded</translation>
    </message>
    <message>
        <source>未装齐</source>
        <translation>Not all loaded</translation>
    </message>
    <message>
        <source>已发车</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>缺筐发车</source>
        <translation>Left short</translation>
    </message>
    <message>
        <source>这个波次没有线路</source>
        <translation>This wave has no routes</translation>
    </message>
    <message>
        <source>波次的小区都没有分配线路：请检查导入的波次数据。</source>
        <translation>None of the wave&apos;s communities is on a route: check the imported wave data.</translation>
    </message>
    <message>
        <source>这条线路没有要装车的筐</source>
        <translation>No crates to load on this route</translation>
    </message>
    <message>
        <source>线路上的小区还没有分到货：分拣后，有货的筐会列在这里。</source>
        <translation>Nothing has been sorted for this route&apos;s communities yet: crates holding units are listed here once sorted.</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>第 {0} 站 {1}（{2}）缺 {3} 筐</source>
        <translation>stop {0} {1} ({2}): {3} missing</translation>
    </message>
    <message>
        <source>不能发车：还有 {0} 筐没装车 —— {1}</source>
        <translation>Cannot dispatch: {0} crates not loaded — {1}</translation>
    </message>
    <message>
        <source>平台：尚未发车</source>
        <translation>Platform: not dispatched yet</translation>
    </message>
    <message>
        <source>平台：排队待发送（平台尚未收到）</source>
        <translation>Platform: queued (the platform does not have it yet)</translation>
    </message>
    <message>
        <source>平台：已收到发车信息</source>
        <translation>Platform: dispatch received</translation>
    </message>
    <message>
        <source>平台：已拒收，已搁置（见“待发送上报”）：{0}</source>
        <translation>Platform: refused, parked (see the outbox): {0}</translation>
    </message>
    <message>
        <source>平台：已放弃发送</source>
        <translation>Platform: dismissed, not sent</translation>
    </message>
    <message>
        <source>平台：没有待发送的发车记录</source>
        <translation>Platform: no dispatch entry in the outbox</translation>
    </message>
    <message>
        <source>应装 {0} 筐，已装 {1} 筐，缺 {2} 筐</source>
        <translation>{0} crates expected, {1} loaded, {2} missing</translation>
    </message>
    <message>
        <source>未发车（发车时记录）</source>
        <translation>Not dispatched (recorded at dispatch)</translation>
    </message>
    <message>
        <source>（缺筐强制发车）</source>
        <translation> (forced, crates missing)</translation>
    </message>
    <message>
        <source>请先选择线路</source>
        <translation>Choose a route first</translation>
    </message>
    <message>
        <source>缺筐强制发车</source>
        <translation>Force dispatch</translation>
    </message>
    <message>
        <source>线路 {0} 还有 {1} 筐没装车，强制发车（记入审计日志）。原因：</source>
        <translation>Route {0} has {1} crates not loaded; force the dispatch (audited). Reason:</translation>
    </message>
    <message>
        <source>强制发车需要填写原因</source>
        <translation>A forced dispatch needs a reason</translation>
    </message>
    <message>
        <source>不能发车：还有 {0} 筐没装车</source>
        <translation>Cannot dispatch: {0} crates not loaded</translation>
    </message>
    <message>
        <source>线路 {0} 已经发过车</source>
        <translation>Route {0} was already dispatched</translation>
    </message>
    <message>
        <source>线路 {0} 已强制发车：{1} 个小区，{2} 筐，{3} 件（已记入审计日志）</source>
        <translation>Route {0} force-dispatched: {1} communities, {2} crates, {3} units (audited)</translation>
    </message>
    <message>
        <source>线路 {0} 已发车：{1} 个小区，{2} 筐，{3} 件</source>
        <translation>Route {0} dispatched: {1} communities, {2} crates, {3} units</translation>
    </message>
    <message>
        <source>未填写</source>
        <translation>not given</translation>
    </message>
</context>
<context>
    <name>DocumentsBox</name>
    <message>
        <source>单据</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>团长签收单 / 装箱单</source>
        <translation>Leader receipts / manifests</translation>
    </message>
    <message>
        <source>团长分拣单</source>
        <translation>Pickup list (leader&apos;s)</translation>
    </message>
    <message>
        <source>装车单</source>
        <translation>Load sheet</translation>
    </message>
    <message>
        <source>供应商缺货单</source>
        <translation>Supplier shortage list</translation>
    </message>
    <message>
        <source>到货核对单</source>
        <translation>Receiving sheet</translation>
    </message>
    <message>
        <source>预览单据</source>
        <translation>Preview document</translation>
    </message>
    <message>
        <source>打开 PDF</source>
        <translation>Open PDF</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>打印到单据打印机</source>
        <translation>Print on the document printer</translation>
    </message>
    <message>
        <source>整个波次</source>
        <translation>Whole wave</translation>
    </message>
    <message>
        <source>全部社区</source>
        <translation>All communities</translation>
    </message>
    <message>
        <source>全部供应商</source>
        <translation>All suppliers</translation>
    </message>
    <message>
        <source>线路 {0} {1}</source>
        <translation>Route {0} {1}</translation>
    </message>
    <message>
        <source>请先选择波次和单据范围</source>
        <translation>Choose a wave and what the document is for first</translation>
    </message>
    <message>
        <source>第 {0} / {1} 页</source>
        <translation>Page {0} of {1}</translation>
    </message>
    <message>
        <source>选择单据和范围，然后预览、打开或另存为 PDF</source>
        <translation>Choose a document and what it is for, then preview it, open it or save it as PDF</translation>
    </message>
    <message>
        <source>{0}：共 {1} 页，{2} 部分</source>
        <translation>{0}: {1} pages, {2} sections</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>已保存 {0}（{1} 页）</source>
        <translation>Saved {0} ({1} pages)</translation>
    </message>
    <message>
        <source>没有设置单据打印机：请在设置文件中填写 [documents] printer = 名称</source>
        <translation>No document printer is set: add [documents] printer = NAME to the settings file</translation>
    </message>
    <message>
        <source>单据已加入打印机 {0} 的队列</source>
        <translation>Document queued for printer {0}</translation>
    </message>
    <message>
        <source>日结</source>
        <translation>End-of-night summary</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <source>添加本地事件</source>
        <translation>Add a local event</translation>
    </message>
    <message>
        <source>如：社区集市、平台大促、暴雨</source>
        <translation>e.g. a market day, a platform promotion, a rainstorm</translation>
    </message>
    <message>
        <source>从历史同类事件学习系数</source>
        <translation>Learn the factor from past events</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>行数系数</source>
        <translation>Line factor</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ExceptionsScreen</name>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>最近的错筐事件</source>
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
        <source>错筐拦截</source>
        <translation>Wrong crate caught</translation>
    </message>
    <message>
        <source>已分（件）</source>
        <translation>Put (units)</translation>
    </message>
    <message>
        <source>错筐率（每万件）</source>
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
        <source>扫到的筐</source>
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
        <source>需从筐中取回</source>
        <translation>To take back out</translation>
    </message>
    <message>
        <source>发现时间</source>
        <translation>Found at</translation>
    </message>
    <message>
        <source>错筐（{0}）</source>
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
        <source>没有错筐</source>
        <translation>No wrong crates</translation>
    </message>
    <message>
        <source>今晚还没有人把商品扫到错误的筐。</source>
        <translation>Nobody has scanned an item into a wrong crate tonight.</translation>
    </message>
    <message>
        <source>没有错筐事件</source>
        <translation>No wrong-crate events</translation>
    </message>
    <message>
        <source>没有未知条码</source>
        <translation>No unknown codes</translation>
    </message>
    <message>
        <source>扫到的每个条码都认识。</source>
        <translation>Every code scanned was known.</translation>
    </message>
    <message>
        <source>没有导入冲突</source>
        <translation>No import conflicts</translation>
    </message>
    <message>
        <source>重新导入波次时，已分拣的订单没有被平台改动。</source>
        <translation>No order already sorted was changed by the platform when the wave was imported again.</translation>
    </message>
    <message>
        <source>未知商品条码</source>
        <translation>Unknown product barcode</translation>
    </message>
    <message>
        <source>未知筐码</source>
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
        <source>（未登录）</source>
        <translation>(not logged in)</translation>
    </message>
</context>
<context>
    <name>FirstSupervisorDialog</name>
    <message>
        <source>创建第一位班组长</source>
        <translation>Create the first supervisor</translation>
    </message>
    <message>
        <source>本仓还没有班组长。请创建一位，之后用工号和密码解锁管理功能。</source>
        <translation>This hub has no supervisor yet. Create one; supervisor functions are then unlocked with the worker code and PIN.</translation>
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
        <source>创建并解锁</source>
        <translation>Create and unlock</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请输入工号和姓名</source>
        <translation>Enter the worker code and the name</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two PINs differ</translation>
    </message>
    <message>
        <source>创建失败</source>
        <translation>Could not create the supervisor</translation>
    </message>
</context>
<context>
    <name>ForecastChart</name>
    <message>
        <source>预测与实际（订单行数），阴影为预测区间</source>
        <translation>Forecast and actual (order lines); the band shaded</translation>
    </message>
    <message>
        <source>预测区间</source>
        <translation>Forecast band</translation>
    </message>
    <message>
        <source>实际</source>
        <translation>Actual</translation>
    </message>
    <message>
        <source>15:00 预测</source>
        <translation>15:00 forecast</translation>
    </message>
    <message>
        <source>今晚预测</source>
        <translation>Tonight&apos;s forecast</translation>
    </message>
    <message>
        <source>今晚区间</source>
        <translation>Tonight&apos;s band</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Lines</translation>
    </message>
</context>
<context>
    <name>ForecastScreen</name>
    <message>
        <source>配送日</source>
        <translation>Delivery date</translation>
    </message>
    <message>
        <source>立即预测</source>
        <translation>Forecast now</translation>
    </message>
    <message>
        <source>添加事件…</source>
        <translation>Add event…</translation>
    </message>
    <message>
        <source>删除所选事件</source>
        <translation>Remove selected event</translation>
    </message>
    <message>
        <source>计算依据</source>
        <translation>How it was computed</translation>
    </message>
    <message>
        <source>周转筐</source>
        <translation>Crates</translation>
    </message>
    <message>
        <source>人手与车辆</source>
        <translation>Workers and trucks</translation>
    </message>
    <message>
        <source>本地事件</source>
        <translation>Local events</translation>
    </message>
    <message>
        <source>因素</source>
        <translation>Factor</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>温区</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>每行用筐</source>
        <translation>Crates per line</translation>
    </message>
    <message>
        <source>需要</source>
        <translation>Needed</translation>
    </message>
    <message>
        <source>现有</source>
        <translation>On hand</translation>
    </message>
    <message>
        <source>缺口</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>线路</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>发车</source>
        <translation>Departure</translation>
    </message>
    <message>
        <source>行数占比</source>
        <translation>Share of lines</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>件数</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>可用小时</source>
        <translation>Hours available</translation>
    </message>
    <message>
        <source>人手</source>
        <translation>Workers</translation>
    </message>
    <message>
        <source>车辆</source>
        <translation>Trucks</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>系数</source>
        <translation>Factor</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>还没有本地事件</source>
        <translation>No local events yet</translation>
    </message>
    <message>
        <source>集市、促销、停电等会改变订单量的日子，加在这里，预测会考虑它。</source>
        <translation>Add days that change the volume (a market day, a promotion, a power cut) here: the forecast takes them into account.</translation>
    </message>
    <message>
        <source>还没有线路</source>
        <translation>No routes yet</translation>
    </message>
    <message>
        <source>导入过的波次或设置中的线路发车时间会出现在这里。</source>
        <translation>Routes of imported waves, or the departures in the settings, show here.</translation>
    </message>
    <message>
        <source>平常日</source>
        <translation>a normal day</translation>
    </message>
    <message>
        <source>节假日</source>
        <translation>a holiday</translation>
    </message>
    <message>
        <source>节前</source>
        <translation>a holiday&apos;s eve</translation>
    </message>
    <message>
        <source>调休上班日</source>
        <translation>a make-up workday</translation>
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
        <source>合计（一个筐池）</source>
        <translation>Total (one pool of crates)</translation>
    </message>
    <message>
        <source>不够</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>够用</source>
        <translation>Enough</translation>
    </message>
    <message>
        <source>未设置自有筐数</source>
        <translation>Crates owned not set</translation>
    </message>
    <message>
        <source>同星期中位数</source>
        <translation>Weekday median</translation>
    </message>
    <message>
        <source>节假日系数</source>
        <translation>Day-kind factor</translation>
    </message>
    <message>
        <source>本地事件系数</source>
        <translation>Event factor</translation>
    </message>
    <message>
        <source>星期规律估计</source>
        <translation>Weekday profile</translation>
    </message>
    <message>
        <source>目前行数</source>
        <translation>Count so far</translation>
    </message>
    <message>
        <source>历史同时刻完成比例</source>
        <translation>Past share by this time</translation>
    </message>
    <message>
        <source>日内曲线估计</source>
        <translation>Intra-day curve</translation>
    </message>
    <message>
        <source>曲线权重</source>
        <translation>Curve weight</translation>
    </message>
    <message>
        <source>{0} 晚</source>
        <translation>{0} nights</translation>
    </message>
    <message>
        <source>{0}：过去 {1} 天</source>
        <translation>{0}: {1} past days</translation>
    </message>
    <message>
        <source>{0}：班组长设定</source>
        <translation>{0}: set by the supervisor</translation>
    </message>
    <message>
        <source>{0}：从过去 {1} 次事件学习</source>
        <translation>{0}: learned from {1} past events</translation>
    </message>
    <message>
        <source>（默认）</source>
        <translation> (default)</translation>
    </message>
    <message>
        <source>从历史学习</source>
        <translation>Learned from history</translation>
    </message>
    <message>
        <source>配送日 {0}（{1} 截单，{2}）预测订单行数</source>
        <translation>Delivery {0} (cut off {1}, {2}): forecast order lines</translation>
    </message>
    <message>
        <source>区间 {0:,} – {1:,} 行（约十晚九中）</source>
        <translation>Band {0:,} – {1:,} lines (about nine nights in ten)</translation>
    </message>
    <message>
        <source>方法：日内曲线与星期规律加权</source>
        <translation>Method: intra-day curve blended with the weekday profile</translation>
    </message>
    <message>
        <source>方法：仅按星期规律（今晚还没有可用的轮询快照）</source>
        <translation>Method: weekday profile only (no polled count for tonight yet)</translation>
    </message>
    <message>
        <source>所用快照：今晚 {0} 已有 {1:,} 行</source>
        <translation>Snapshot used: {1:,} lines at {0} tonight</translation>
    </message>
    <message>
        <source>所用快照：无</source>
        <translation>Snapshot used: none</translation>
    </message>
    <message>
        <source>上一晚：无记录</source>
        <translation>Last night: no record</translation>
    </message>
    <message>
        <source>上一晚 {0}：实际 {1:,} 行</source>
        <translation>Last night {0}: {1:,} lines</translation>
    </message>
    <message>
        <source>上一晚 {0}：实际 {1:,} 行，当时预测 {2:,} 行</source>
        <translation>Last night {0}: {1:,} lines, forecast {2:,}</translation>
    </message>
    <message>
        <source>历史误差：历史不足（至少 15 晚），尚未测量</source>
        <translation>Error on past nights: too little history yet (15 nights at least)</translation>
    </message>
    <message>
        <source>过去 {0} 晚 15:00 预测的平均绝对百分比误差 MAPE {1:.1%}，{2:.0%} 落在区间内</source>
        <translation>15:00 forecasts of the past {0} nights: MAPE {1:.1%}, {2:.0%} inside the band</translation>
    </message>
    <message>
        <source>周转筐：需要 {0}（未设置自有筐数）</source>
        <translation>Crates: {0} needed (crates owned not set)</translation>
    </message>
    <message>
        <source>周转筐：需要 {0}，现有 {1}，缺 {2}</source>
        <translation>Crates: {0} needed, {1} on hand, short {2}</translation>
    </message>
    <message>
        <source>周转筐：需要 {0}，现有 {1}，够用</source>
        <translation>Crates: {0} needed, {1} on hand, enough</translation>
    </message>
    <message>
        <source>全仓人手（一组）{0} 人 · 车辆 {1} 辆</source>
        <translation>Workers for the hub (one crew): {0} · trucks: {1}</translation>
    </message>
    <message>
        <source>每行件数</source>
        <translation>units per line</translation>
    </message>
    <message>
        <source>每小时放入</source>
        <translation>puts per hour</translation>
    </message>
    <message>
        <source>线路行数占比</source>
        <translation>routes&apos; shares of lines</translation>
    </message>
    <message>
        <source>尚无历史、用默认值：{0}</source>
        <translation>No history yet, defaults used: {0}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>天气：{0}</source>
        <translation>Weather: {0}</translation>
    </message>
    <message>
        <source>未能轮询平台（{0}），按已存数据预测</source>
        <translation>The platform was not polled ({0}): forecast from the store</translation>
    </message>
    <message>
        <source>还没有可供预测的历史</source>
        <translation>No history to forecast from yet</translation>
    </message>
    <message>
        <source>预测要用之前几晚的最终订单行数（导入的波次），最好还有未截单时每 30 分钟轮询的行数快照（应用运行时自动轮询）。导入或轮询几晚后再来；误差要 15 晚以上才能测量。</source>
        <translation>The forecast needs the final line counts of earlier nights (imported waves), and better still the counts polled every 30 minutes while a wave is open (the app polls while it runs). Import or poll a few nights first; its error is measured after 15 nights.</translation>
    </message>
    <message>
        <source>导入波次</source>
        <translation>Import waves</translation>
    </message>
    <message>
        <source>还没有可供预测的历史，未生成预测</source>
        <translation>No history to forecast from yet: no forecast made</translation>
    </message>
    <message>
        <source>已预测并保存：{0} 行（{1}–{2}）</source>
        <translation>Forecast made and kept: {0} lines ({1}-{2})</translation>
    </message>
    <message>
        <source>已添加事件：{0} {1}</source>
        <translation>Event added: {0} {1}</translation>
    </message>
    <message>
        <source>请先在列表中选择一个事件</source>
        <translation>Select an event in the list first</translation>
    </message>
    <message>
        <source>已删除 {0} 的事件</source>
        <translation>Removed the event of {0}</translation>
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
        <translation>This PC&apos;s station ID</translation>
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
    <name>JobsScreen</name>
    <message>
        <source>本机自动运行的后台任务，以及每个任务最近一次的结果</source>
        <translation>Background jobs this PC runs on its own, and how each last went</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>最近运行</source>
        <translation>Last run</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>尚未运行</source>
        <translation>Not run yet</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>上报发送</source>
        <translation>Sending reports</translation>
    </message>
    <message>
        <source>打印发送</source>
        <translation>Sending to printers</translation>
    </message>
    <message>
        <source>拉取售后</source>
        <translation>Pulling claims</translation>
    </message>
    <message>
        <source>收货截止</source>
        <translation>Receiving cut</translation>
    </message>
    <message>
        <source>清除过期客户数据</source>
        <translation>Purging old customer data</translation>
    </message>
</context>
<context>
    <name>LastScans</name>
    <message>
        <source>最近扫描</source>
        <translation>Last scans</translation>
    </message>
</context>
<context>
    <name>LoadList</name>
    <message>
        <source>待装：请选择线路</source>
        <translation>To load: choose a route</translation>
    </message>
    <message>
        <source>待装 {route}：还差 {n} 筐</source>
        <translation>To load on {route}: {n} crates missing</translation>
    </message>
    <message>
        <source>待装 {route}</source>
        <translation>To load on {route}</translation>
    </message>
    <message>
        <source>{stop} 号站 {name}：缺 {missing} / {expected} 筐</source>
        <translation>Stop {stop} {name}: {missing} of {expected} crates missing</translation>
    </message>
    <message>
        <source>……还有 {n} 个站</source>
        <translation>… {n} more stops</translation>
    </message>
    <message>
        <source>全部装齐</source>
        <translation>Everything loaded</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>管理功能已锁定</source>
        <translation>Supervisor functions locked</translation>
    </message>
    <message>
        <source>班组长解锁</source>
        <translation>Supervisor unlock</translation>
    </message>
    <message>
        <source>班组长：{name}</source>
        <translation>Supervisor: {name}</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>集单分拣台</source>
        <translation>Hub Sorter</translation>
    </message>
    <message>
        <source>全屏 F11</source>
        <translation>Full screen F11</translation>
    </message>
    <message>
        <source>处理中…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>出错了（{kind}），详情已写入日志</source>
        <translation>Something went wrong ({kind}); the details are in the log</translation>
    </message>
</context>
<context>
    <name>NightSummaryScreen</name>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>应分拣（件）</source>
        <translation>Units due</translation>
    </message>
    <message>
        <source>已分拣（件）</source>
        <translation>Units sorted</translation>
    </message>
    <message>
        <source>未分拣（件）</source>
        <translation>Units not sorted</translation>
    </message>
    <message>
        <source>短缺（件）</source>
        <translation>Units short</translation>
    </message>
    <message>
        <source>破损（件）</source>
        <translation>Units damaged</translation>
    </message>
    <message>
        <source>错筐拦截</source>
        <translation>Wrong crates blocked</translation>
    </message>
    <message>
        <source>事后发现的错分</source>
        <translation>Missorts found later</translation>
    </message>
    <message>
        <source>已打标签的筐</source>
        <translation>Crates labelled</translation>
    </message>
    <message>
        <source>已装车的筐</source>
        <translation>Crates loaded</translation>
    </message>
    <message>
        <source>发给团长的筐</source>
        <translation>Crates out to leaders</translation>
    </message>
    <message>
        <source>已收回的筐</source>
        <translation>Crates returned</translation>
    </message>
    <message>
        <source>已发车线路</source>
        <translation>Routes dispatched</translation>
    </message>
    <message>
        <source>未送达平台的记录</source>
        <translation>Not delivered to the platform</translation>
    </message>
    <message>
        <source>线路</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>线路名称</source>
        <translation>Route name</translation>
    </message>
    <message>
        <source>站数</source>
        <translation>Stops</translation>
    </message>
    <message>
        <source>有货的筐</source>
        <translation>Crates with units</translation>
    </message>
    <message>
        <source>已装</source>
        <translation>Loaded</translation>
    </message>
    <message>
        <source>发车</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>发车时间</source>
        <translation>Departed</translation>
    </message>
    <message>
        <source>司机</source>
        <translation>Driver</translation>
    </message>
    <message>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <source>节点</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>供应商缺货</source>
        <translation>supplier short</translation>
    </message>
    <message>
        <source>迟到</source>
        <translation>late delivery</translation>
    </message>
    <message>
        <source>到货破损</source>
        <translation>damaged on arrival</translation>
    </message>
    <message>
        <source>场内破损</source>
        <translation>damaged in the hub</translation>
    </message>
    <message>
        <source>待到货</source>
        <translation>awaiting delivery</translation>
    </message>
    <message>
        <source>已发车</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>缺筐强制发车</source>
        <translation>Forced, crates missing</translation>
    </message>
    <message>
        <source>排队待发送</source>
        <translation>queued</translation>
    </message>
    <message>
        <source>平台已收到</source>
        <translation>received</translation>
    </message>
    <message>
        <source>平台拒收（已搁置）</source>
        <translation>refused (parked)</translation>
    </message>
    <message>
        <source>已放弃发送</source>
        <translation>dismissed</translation>
    </message>
    <message>
        <source>无发送记录</source>
        <translation>no entry</translation>
    </message>
    <message>
        <source>截单</source>
        <translation>Cutoff</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>开始收货</source>
        <translation>Receiving started</translation>
    </message>
    <message>
        <source>结束收货</source>
        <translation>Receiving closed</translation>
    </message>
    <message>
        <source>第一件分拣</source>
        <translation>First put</translation>
    </message>
    <message>
        <source>最后一件分拣</source>
        <translation>Last put</translation>
    </message>
    <message>
        <source>发车 {0}</source>
        <translation>Dispatched {0}</translation>
    </message>
    <message>
        <source>全部发车</source>
        <translation>All routes dispatched</translation>
    </message>
    <message>
        <source>未发车</source>
        <translation>not dispatched</translation>
    </message>
    <message>
        <source>短缺原因：{0}</source>
        <translation>Short: {0}</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{0} {1} 件</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <source>没有短缺</source>
        <translation>Nothing short</translation>
    </message>
    <message>
        <source>这个波次没有线路</source>
        <translation>This wave has no routes</translation>
    </message>
    <message>
        <source>波次的小区都没有分配线路：请检查导入的波次数据。</source>
        <translation>None of the wave&apos;s communities is on a route: check the imported wave data.</translation>
    </message>
    <message>
        <source>还没有记录到任何节点</source>
        <translation>No milestones recorded yet</translation>
    </message>
    <message>
        <source>请先选择波次</source>
        <translation>Choose a wave first</translation>
    </message>
    <message>
        <source>没有设置单据打印机：请在设置文件中填写 [documents] printer = 名称</source>
        <translation>No document printer is set: add [documents] printer = NAME to the settings file</translation>
    </message>
    <message>
        <source>日结已加入打印机 {0} 的队列</source>
        <translation>The summary is queued for printer {0}</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>已保存 {0}（{1} 页）</source>
        <translation>Saved {0} ({1} pages)</translation>
    </message>
</context>
<context>
    <name>OutboxScreen</name>
    <message>
        <source>未送达平台的上报</source>
        <translation>Reports the platform has not received</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>放弃…</source>
        <translation>Dismiss…</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>波次</source>
        <translation>Wave</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>平台的答复</source>
        <translation>Platform&apos;s answer</translation>
    </message>
    <message>
        <source>尝试次数</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>已等待</source>
        <translation>Waiting for</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>下次尝试</source>
        <translation>Next attempt</translation>
    </message>
    <message>
        <source>最近的错误</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>没有搁置的上报</source>
        <translation>No parked reports</translation>
    </message>
    <message>
        <source>平台没有拒收任何上报；需要人处理的上报会出现在这里。</source>
        <translation>The platform refused no report; reports that need a person show up here.</translation>
    </message>
    <message>
        <source>全部已送达</source>
        <translation>All delivered</translation>
    </message>
    <message>
        <source>没有等待发送的上报。</source>
        <translation>No report is waiting to be sent.</translation>
    </message>
    <message>
        <source>重试中</source>
        <translation>Retrying</translation>
    </message>
    <message>
        <source>上报：{0}</source>
        <translation>Report: {0}</translation>
    </message>
    <message>
        <source>发车：{0}</source>
        <translation>Dispatch: {0}</translation>
    </message>
    <message>
        <source>节点：{0}</source>
        <translation>Milestone: {0}</translation>
    </message>
    <message>
        <source>{0} 秒</source>
        <translation>{0} s</translation>
    </message>
    <message>
        <source>{0} 分钟</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <source>{0} 小时 {1} 分</source>
        <translation>{0} h {1} min</translation>
    </message>
    <message>
        <source>现在</source>
        <translation>now</translation>
    </message>
    <message>
        <source>已搁置</source>
        <translation>Parked</translation>
    </message>
    <message>
        <source>待发送</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>已搁置（{0}）</source>
        <translation>Parked ({0})</translation>
    </message>
    <message>
        <source>待发送（{0}）</source>
        <translation>Pending ({0})</translation>
    </message>
    <message>
        <source>最近一次送达：{0}</source>
        <translation>Last delivered: {0}</translation>
    </message>
    <message>
        <source>尚无送达记录</source>
        <translation>Nothing delivered yet</translation>
    </message>
    <message>
        <source>请先在“已搁置”中选择一条上报</source>
        <translation>Choose a report under “Parked” first</translation>
    </message>
    <message>
        <source>上报 #{0} 已重新排队发送</source>
        <translation>Report #{0} queued to be sent again</translation>
    </message>
    <message>
        <source>放弃上报</source>
        <translation>Dismiss report</translation>
    </message>
    <message>
        <source>放弃上报 #{0}（不再发送，记入审计日志）。原因：</source>
        <translation>Dismiss report #{0} (it will not be sent; written to the audit log). Reason:</translation>
    </message>
    <message>
        <source>上报 #{0} 已放弃</source>
        <translation>Report #{0} dismissed</translation>
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
        <source>添加打印机</source>
        <translation>Add a printer</translation>
    </message>
    <message>
        <source>还没有打印机</source>
        <translation>No printer yet</translation>
    </message>
    <message>
        <source>添加一台标签打印机后，才能打印筐贴、补打标签和测试标签。</source>
        <translation>Add a label printer to print crate labels, reprints and test labels.</translation>
    </message>
    <message>
        <source>没有待打印的任务</source>
        <translation>Nothing waiting to print</translation>
    </message>
    <message>
        <source>筐贴和单据加入队列后会在这里显示，发送完成后自动消失。</source>
        <translation>Crate labels and documents show here when queued, and leave once sent.</translation>
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
        <source>选择筐</source>
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
        <source>选择社区和筐后预览标签</source>
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
        <source>筐贴</source>
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
        <source>排队 {0}，失败 {1}</source>
        <translation>{0} queued, {1} failed</translation>
    </message>
    <message>
        <source>请先选择筐</source>
        <translation>Choose a crate first</translation>
    </message>
    <message>
        <source>已添加打印机 {0}</source>
        <translation>Printer {0} added</translation>
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
    <name>PrinterForm</name>
    <message>
        <source>名称（字母、数字）</source>
        <translation>Name (letters, digits)</translation>
    </message>
    <message>
        <source>指令语言</source>
        <translation>Printer language</translation>
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
        <translation>Print a test label</translation>
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
        <source>请填写打印机名称和地址</source>
        <translation>Enter the printer&apos;s name and address</translation>
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
    <name>ProgressStrip</name>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>本商品</source>
        <translation>This item</translation>
    </message>
    <message>
        <source>本波次</source>
        <translation>This wave</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>{put} / {due} 件</source>
        <translation>{put} / {due} units</translation>
    </message>
    <message>
        <source>{put} / {due} 件（{percent}%）</source>
        <translation>{put} / {due} units ({percent}%)</translation>
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
        <source>部分到货</source>
        <translation>Partly received</translation>
    </message>
    <message>
        <source>已收齐</source>
        <translation>All received</translation>
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
        <translation>If receiving of {0} closed now, &quot;{1}&quot; would short {2} units</translation>
    </message>
    <message>
        <source>这个波次没有要收货的商品</source>
        <translation>Nothing to receive in this wave</translation>
    </message>
    <message>
        <source>波次里的商品都已取消，或订单还没有导入完。</source>
        <translation>The wave&apos;s items were all cancelled, or its orders are still being imported.</translation>
    </message>
    <message>
        <source>没有缺货的订单行</source>
        <translation>No order line is short</translation>
    </message>
    <message>
        <source>{0} 的每一行都能按订购数量分到。</source>
        <translation>Every line of {0} gets what was ordered.</translation>
    </message>
    <message>
        <source>请先选择一个商品</source>
        <translation>Choose a SKU first</translation>
    </message>
    <message>
        <source>关闭整个波次 {0} 的收货？所有未关闭的商品缺货将按“{1}”定为最终结果，不能撤销。</source>
        <translation>Close receiving of the whole wave {0}? The shortages of every open SKU become final by &quot;{1}&quot;; this cannot be undone.</translation>
    </message>
    <message>
        <source>关闭商品 {0} 的收货？缺货将按“{1}”定为最终结果，不能撤销。</source>
        <translation>Close receiving of SKU {0}? Its shortage becomes final by &quot;{1}&quot;; this cannot be undone.</translation>
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
    <name>RouteCards</name>
    <message>
        <source>正常</source>
        <translation>On track</translation>
    </message>
    <message>
        <source>有风险</source>
        <translation>At risk</translation>
    </message>
    <message>
        <source>已晚点</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>已装车</source>
        <translation>Loaded</translation>
    </message>
    <message>
        <source>已发车</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>未设发车时间</source>
        <translation>No departure set</translation>
    </message>
    <message>
        <source>{0} 已发车</source>
        <translation>Left at {0}</translation>
    </message>
    <message>
        <source>未设发车时间（在设置中填写）</source>
        <translation>No departure set (see Settings)</translation>
    </message>
    <message>
        <source>发车 {0} · 已过 {1} 分钟</source>
        <translation>Departs {0} · {1} min ago</translation>
    </message>
    <message>
        <source>发车 {0} · 还有 {1}:{2:02d}</source>
        <translation>Departs {0} · in {1}:{2:02d}</translation>
    </message>
    <message>
        <source>{0} / {1} 件</source>
        <translation>{0} / {1} units</translation>
    </message>
    <message>
        <source>筐：已封 {0} · 已装车 {1} / {2}</source>
        <translation>Crates: closed {0} · loaded {1} / {2}</translation>
    </message>
    <message>
        <source>预计 {0} 完成</source>
        <translation>done by {0}</translation>
    </message>
    <message>
        <source>近 30 分钟无人分拣</source>
        <translation>nobody sorted in 30 min</translation>
    </message>
    <message>
        <source>{0} 站 · 每小时 {1:.0f} 件</source>
        <translation>{0} stops · {1:.0f} units/h</translation>
    </message>
    <message>
        <source>点击查看各站缺什么、谁在分拣</source>
        <translation>Click for what each stop misses and who is sorting</translation>
    </message>
</context>
<context>
    <name>RouteDetail</name>
    <message>
        <source>等 {0} 种</source>
        <translation>and {0} more</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
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
        <source>应分</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>已分</source>
        <translation>Sorted</translation>
    </message>
    <message>
        <source>未分</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>缺货</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>已装车 / 筐</source>
        <translation>Loaded / crates</translation>
    </message>
    <message>
        <source>还缺的商品</source>
        <translation>SKUs still to sort</translation>
    </message>
    <message>
        <source>这条线路没有小区</source>
        <translation>This route has no communities</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{0}（{1}）{2} 件</source>
        <translation>{0} ({1}) {2} units</translation>
    </message>
    <message>
        <source>{0} {1} 件</source>
        <translation>{0} {1} units</translation>
    </message>
    <message>
        <source>近 30 分钟在分拣：{0}</source>
        <translation>Sorting in the last 30 min: {0}</translation>
    </message>
    <message>
        <source>近 30 分钟没有人为这条线路分拣</source>
        <translation>Nobody sorted for this route in the last 30 min</translation>
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
        <translation>Press &quot;Test scan&quot;, then scan any barcode (a product or a badge).</translation>
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
        <source>筐码 {0}</source>
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
    <name>ScannerSetup</name>
    <message>
        <source>商品条码 {code}（{kind}）</source>
        <translation>Product barcode {code} ({kind})</translation>
    </message>
    <message>
        <source>称重标签 PLU {plu}，{grams} 克</source>
        <translation>Scale label PLU {plu}, {grams} g</translation>
    </message>
    <message>
        <source>计价标签 PLU {plu}（应为称重模式）</source>
        <translation>Price label PLU {plu} (the scale should print weights)</translation>
    </message>
    <message>
        <source>筐码 {code}</source>
        <translation>Crate {code}</translation>
    </message>
    <message>
        <source>操作卡 {command}</source>
        <translation>Command card {command}</translation>
    </message>
    <message>
        <source>工牌 {code}</source>
        <translation>Badge {code}</translation>
    </message>
    <message>
        <source>线路卡 {route}</source>
        <translation>Route card {route}</translation>
    </message>
    <message>
        <source>无法识别：{reason}</source>
        <translation>Not recognised: {reason}</translation>
    </message>
</context>
<context>
    <name>ScannerSetupScreen</name>
    <message>
        <source>扫码枪设置</source>
        <translation>Scanner set-up</translation>
    </message>
    <message>
        <source>用扫码枪扫描任意条码：下表显示每次读到的原始内容、按键间隔和解析结果。扫码枪应设为美式键盘、以回车结尾；大写锁定和全角字符会被自动纠正。</source>
        <translation>Scan any barcode: the table shows each read as it arrived, its key timing and how it was understood. Set scanners to a US keyboard layout with an Enter suffix; Caps Lock and full-width characters are corrected automatically.</translation>
    </message>
    <message>
        <source>扫码判定间隔</source>
        <translation>Scanner key gap</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>原始内容</source>
        <translation>Raw read</translation>
    </message>
    <message>
        <source>字符数</source>
        <translation>Characters</translation>
    </message>
    <message>
        <source>最大间隔</source>
        <translation>Longest gap</translation>
    </message>
    <message>
        <source>结束符</source>
        <translation>Terminator</translation>
    </message>
    <message>
        <source>解析结果</source>
        <translation>Understood as</translation>
    </message>
    <message>
        <source>按键间隔小于 {gap} ms、至少 {length} 个字符、以回车或 Tab 结束，才算一次扫码</source>
        <translation>A read is a scan when keys come less than {gap} ms apart, at least {length} characters, ending with Enter or Tab</translation>
    </message>
    <message>
        <source>串口扫码枪：未设置</source>
        <translation>Serial scanner: not set up</translation>
    </message>
    <message>
        <source>串口扫码枪：已连接 {port}</source>
        <translation>Serial scanner: connected on {port}</translation>
    </message>
    <message>
        <source>串口扫码枪：正在查找…</source>
        <translation>Serial scanner: looking for it…</translation>
    </message>
    <message>
        <source>键盘</source>
        <translation>Keyboard</translation>
    </message>
    <message>
        <source>串口</source>
        <translation>Serial</translation>
    </message>
    <message>
        <source>手动</source>
        <translation>Manual</translation>
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
        <source>线路发车时间（线路看板据此判断是否赶得上）</source>
        <translation>Route departures (the route board judges against them)</translation>
    </message>
    <message>
        <source>装车预留（分钟）</source>
        <translation>Loading buffer (minutes)</translation>
    </message>
    <message>
        <source>线路编号</source>
        <translation>Route ID</translation>
    </message>
    <message>
        <source>线路名称</source>
        <translation>Route name</translation>
    </message>
    <message>
        <source>发车时间 HH:MM（送达日当天）</source>
        <translation>Departure HH:MM (on the delivery date)</translation>
    </message>
    <message>
        <source>添加线路</source>
        <translation>Add route</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>填入当前波次的线路</source>
        <translation>Add the current wave&apos;s routes</translation>
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
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>还原</source>
        <translation>Revert</translation>
    </message>
    <message>
        <source>请先在波次页面选择波次</source>
        <translation>Choose a wave on the Waves screen first</translation>
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
    <name>Station</name>
    <message>
        <source>登录</source>
        <translation>LOG IN</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>NEXT</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>DONE</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>CHECK</translation>
    </message>
    <message>
        <source>停！</source>
        <translation>STOP!</translation>
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
        <source>收货</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <source>分拣</source>
        <translation>Sorting</translation>
    </message>
    <message>
        <source>装车</source>
        <translation>Load</translation>
    </message>
    <message>
        <source>第 {n} 筐</source>
        <translation>Crate {n}</translation>
    </message>
    <message>
        <source>第 {n}/{m} 筐</source>
        <translation>Crate {n}/{m}</translation>
    </message>
    <message>
        <source>（加筐）</source>
        <translation> (extra)</translation>
    </message>
    <message>
        <source>缺 {n}</source>
        <translation>short {n}</translation>
    </message>
    <message>
        <source>多 {n}</source>
        <translation>over {n}</translation>
    </message>
    <message>
        <source>破损 {n}</source>
        <translation>damaged {n}</translation>
    </message>
    <message>
        <source>输入数量：{digits}（回车确认，Esc 取消）</source>
        <translation>Count: {digits} (Enter confirms, Esc cancels)</translation>
    </message>
    <message>
        <source>错筐！不要放</source>
        <translation>WRONG CRATE! Do not put</translation>
    </message>
    <message>
        <source>站号</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>应放站号</source>
        <translation>Belongs to stop</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>筐内件数</source>
        <translation>In crate</translation>
    </message>
    <message>
        <source>破损</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <source>错线路，不要装</source>
        <translation>Wrong route, do not load</translation>
    </message>
    <message>
        <source>{stop} 号站</source>
        <translation>Stop {stop}</translation>
    </message>
    <message>
        <source>已收 {received} / 应收 {ordered}</source>
        <translation>Received {received} of {ordered}</translation>
    </message>
    <message>
        <source>破损共 {damaged}</source>
        <translation>Damaged in all: {damaged}</translation>
    </message>
    <message>
        <source>撤销收货</source>
        <translation>Receipt undone</translation>
    </message>
    <message>
        <source>本次收货</source>
        <translation>This receipt</translation>
    </message>
    <message>
        <source>下一件数量</source>
        <translation>Next count</translation>
    </message>
    <message>
        <source>请扫商品</source>
        <translation>Scan the product</translation>
    </message>
    <message>
        <source>取回</source>
        <translation>Take back</translation>
    </message>
    <message>
        <source>线路已发车！不要装</source>
        <translation>Route has left! Do not load</translation>
    </message>
    <message>
        <source>错线路！不要装</source>
        <translation>WRONG ROUTE! Do not load</translation>
    </message>
    <message>
        <source>此筐属于 {name}（{route}）</source>
        <translation>This crate belongs to {name} ({route})</translation>
    </message>
    <message>
        <source>已装过</source>
        <translation>Already loaded</translation>
    </message>
    <message>
        <source>本线还差</source>
        <translation>Still to load</translation>
    </message>
    <message>
        <source>筐</source>
        <translation>crates</translation>
    </message>
    <message>
        <source>装车线路</source>
        <translation>Loading route</translation>
    </message>
    <message>
        <source>请扫描这条线路的筐</source>
        <translation>Scan this route&apos;s crates</translation>
    </message>
    <message>
        <source>请扫描工牌登录</source>
        <translation>Scan your badge to log in</translation>
    </message>
    <message>
        <source>把工牌上的条码对准扫码枪</source>
        <translation>Hold your badge&apos;s barcode to the scanner</translation>
    </message>
    <message>
        <source>收货：请扫描到货商品</source>
        <translation>Receiving: scan the goods that arrived</translation>
    </message>
    <message>
        <source>装车：请选择线路或扫描线路卡，然后扫描筐</source>
        <translation>Loading: choose the route or scan its route card, then scan crates</translation>
    </message>
    <message>
        <source>分拣：请扫描商品，然后扫描筐</source>
        <translation>Sorting: scan an item, then the crate</translation>
    </message>
    <message>
        <source>你好，{name}</source>
        <translation>Hello, {name}</translation>
    </message>
    <message>
        <source>{stop} 号站，{qty} 份</source>
        <translation>Stop {stop}, {qty}</translation>
    </message>
    <message>
        <source>错筐，不要放</source>
        <translation>Wrong crate, do not put</translation>
    </message>
</context>
<context>
    <name>StationCheckScreen</name>
    <message>
        <source>开班检查</source>
        <translation>Shift-start check</translation>
    </message>
    <message>
        <source>开始分拣前检查扫码枪、声音和打印机。</source>
        <translation>Check the scanner, the sounds and the printer before sorting starts.</translation>
    </message>
    <message>
        <source>1. 扫码枪</source>
        <translation>1. Scanner</translation>
    </message>
    <message>
        <source>2. 声音</source>
        <translation>2. Sounds</translation>
    </message>
    <message>
        <source>3. 标签打印机</source>
        <translation>3. Label printer</translation>
    </message>
    <message>
        <source>请扫描任意条码，例如自己的工牌</source>
        <translation>Scan any barcode, for example your badge</translation>
    </message>
    <message>
        <source>读到：{scan}</source>
        <translation>Read: {scan}</translation>
    </message>
    <message>
        <source>本机没有可用的声音设备：请接上音箱或耳机</source>
        <translation>This PC has no working sound device: connect speakers or headphones</translation>
    </message>
    <message>
        <source>依次播放四种声音，确认每一种都听得清</source>
        <translation>Play the four sounds one after the other and check that each is clearly heard</translation>
    </message>
    <message>
        <source>四种声音都听到了</source>
        <translation>All four sounds were heard</translation>
    </message>
    <message>
        <source>声音有问题：请检查音量和音箱</source>
        <translation>Sound problem: check the volume and the speakers</translation>
    </message>
    <message>
        <source>提示音</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>确认音</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>警告音</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>拦截警报</source>
        <translation>Intercept alarm</translation>
    </message>
    <message>
        <source>全部播放</source>
        <translation>Play all</translation>
    </message>
    <message>
        <source>都听到了</source>
        <translation>Heard them all</translation>
    </message>
    <message>
        <source>没听到</source>
        <translation>Did not hear them</translation>
    </message>
    <message>
        <source>打印测试标签</source>
        <translation>Print a test label</translation>
    </message>
    <message>
        <source>没有设置标签打印机，已跳过（请班组长在打印中心添加）</source>
        <translation>No label printer is set up: skipped (a supervisor adds one in the print centre)</translation>
    </message>
    <message>
        <source>测试标签没有打印成功：{reason}</source>
        <translation>The test label did not print: {reason}</translation>
    </message>
    <message>
        <source>测试标签已发送到 {printer}（{where}），请检查打印效果</source>
        <translation>The test label went to {printer} ({where}): check the print</translation>
    </message>
    <message>
        <source>在 {printer} 上打印一张测试标签，检查条码和中文是否清楚</source>
        <translation>Print a test label on {printer} and check that barcode and Chinese text are sharp</translation>
    </message>
    <message>
        <source>有检查未通过：请先排除问题或叫班组长</source>
        <translation>A check failed: fix it first or call a supervisor</translation>
    </message>
    <message>
        <source>还有检查未完成</source>
        <translation>Some checks are not done yet</translation>
    </message>
    <message>
        <source>检查完成，可以开始分拣</source>
        <translation>All checks passed: sorting can start</translation>
    </message>
</context>
<context>
    <name>StationScreen</name>
    <message>
        <source>收货 F5</source>
        <translation>Receive F5</translation>
    </message>
    <message>
        <source>分拣 F6</source>
        <translation>Sort F6</translation>
    </message>
    <message>
        <source>装车 F7</source>
        <translation>Load F7</translation>
    </message>
    <message>
        <source>退出 F12</source>
        <translation>Log out F12</translation>
    </message>
    <message>
        <source>操作员</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>波次</source>
        <translation>Wave</translation>
    </message>
    <message>
        <source>工位</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>not logged in</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>请先扫描工牌登录</source>
        <translation>Scan your badge first</translation>
    </message>
    <message>
        <source>扫描工牌后才能扫货</source>
        <translation>Goods can be scanned only after logging in with a badge</translation>
    </message>
    <message>
        <source>请先选择线路</source>
        <translation>Choose a route first</translation>
    </message>
    <message>
        <source>在上方选择线路，或扫描线路卡</source>
        <translation>Choose the route above, or scan a route card</translation>
    </message>
    <message>
        <source>未记录，请重扫</source>
        <translation>Not recorded: scan again</translation>
    </message>
    <message>
        <source>系统错误，请叫班组长（详情见日志）</source>
        <translation>System error: call a supervisor (details in the log)</translation>
    </message>
    <message>
        <source>未撤销</source>
        <translation>Not undone</translation>
    </message>
    <message>
        <source>选择线路…</source>
        <translation>Choose a route…</translation>
    </message>
    <message>
        <source>没有这条线路</source>
        <translation>No such route</translation>
    </message>
    <message>
        <source>本波次没有线路 {route}</source>
        <translation>This wave has no route {route}</translation>
    </message>
    <message>
        <source>装车线路 {route}</source>
        <translation>Loading route {route}</translation>
    </message>
    <message>
        <source>工牌无效</source>
        <translation>Badge not valid</translation>
    </message>
    <message>
        <source>{name} 已登录</source>
        <translation>{name} logged in</translation>
    </message>
    <message>
        <source>{name} 已退出</source>
        <translation>{name} logged out</translation>
    </message>
    <message>
        <source>{title}：{message}</source>
        <translation>{title}: {message}</translation>
    </message>
    <message>
        <source>请班组长先导入波次</source>
        <translation>A supervisor must import a wave first</translation>
    </message>
    <message>
        <source>没有可分拣的波次</source>
        <translation>No wave to sort</translation>
    </message>
</context>
<context>
    <name>Supervisor</name>
    <message>
        <source>出错了：{0}</source>
        <translation>Something went wrong: {0}</translation>
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
        <source>截至 {0}</source>
        <translation>As of {0}</translation>
    </message>
    <message>
        <source>请先选择波次</source>
        <translation>Choose a wave first</translation>
    </message>
    <message>
        <source>在上方的“波次”中选择今晚的波次。</source>
        <translation>Choose tonight&apos;s wave under “Wave” above.</translation>
    </message>
    <message>
        <source>还没有波次</source>
        <translation>No wave yet</translation>
    </message>
    <message>
        <source>先从平台或文件导入今晚的波次，这里就会列出它的数据。</source>
        <translation>Import tonight&apos;s wave from the platform or a file, and its data will be listed here.</translation>
    </message>
    <message>
        <source>导入波次</source>
        <translation>Import a wave</translation>
    </message>
    <message>
        <source>波次：</source>
        <translation>Wave:</translation>
    </message>
    <message>
        <source>请选择波次</source>
        <translation>Choose a wave</translation>
    </message>
    <message>
        <source>搜索：编号、名称或拼音首字母（如 dqhy）</source>
        <translation>Search: ID, name or pinyin initials (e.g. dqhy)</translation>
    </message>
    <message>
        <source>显示 {0} / {1} 行</source>
        <translation>Showing {0} of {1} rows</translation>
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
    <name>SupervisorUnlockDialog</name>
    <message>
        <source>班组长解锁</source>
        <translation>Supervisor unlock</translation>
    </message>
    <message>
        <source>扫描班组长工牌或输入工号，再输入密码</source>
        <translation>Scan the supervisor&apos;s badge or type the worker code, then the PIN</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Worker code</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请输入工号和密码</source>
        <translation>Enter the worker code and the PIN</translation>
    </message>
    <message>
        <source>正在核对…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>核对失败，请重试</source>
        <translation>Could not check the PIN; try again</translation>
    </message>
</context>
<context>
    <name>Tiles</name>
    <message>
        <source>已分 / 应分（件）</source>
        <translation>Sorted / due (units)</translation>
    </message>
    <message>
        <source>缺货（件）</source>
        <translation>Short (units)</translation>
    </message>
    <message>
        <source>错筐率（每万件）</source>
        <translation>Wrong crates per 10,000</translation>
    </message>
    <message>
        <source>未送达上报</source>
        <translation>Undelivered reports</translation>
    </message>
    <message>
        <source>打印机故障</source>
        <translation>Printers in error</translation>
    </message>
    <message>
        <source>30 分钟前：无记录</source>
        <translation>30 min ago: no record</translation>
    </message>
    <message>
        <source>30 分钟内 {0}</source>
        <translation>last 30 min {0}</translation>
    </message>
    <message>
        <source>每小时 {0:.0f} 件 · {1}</source>
        <translation>{0:.0f} units/h · {1}</translation>
    </message>
</context>
<context>
    <name>TokenBanner</name>
    <message>
        <source>输入新令牌</source>
        <translation>Enter a new token</translation>
    </message>
    <message>
        <source>平台拒绝了访问令牌：上报已暂停，待发送的上报都留在本机，不会丢失。</source>
        <translation>The platform refused the access token: reporting is paused. The reports wait on this PC; nothing is lost.</translation>
    </message>
    <message>
        <source>本机设置了环境变量 SORTER_API_TOKEN，它优先于这里保存的令牌：请更新该变量并重启程序。</source>
        <translation>SORTER_API_TOKEN is set on this PC and wins over a token saved here: update that variable and restart the app.</translation>
    </message>
    <message>
        <source>新令牌已保存，正在等待下一次发送确认…</source>
        <translation>New token saved; waiting for the next send to confirm it…</translation>
    </message>
    <message>
        <source>请输入平台提供的新令牌。</source>
        <translation>Enter the new token the platform gave you.</translation>
    </message>
    <message>
        <source>保存失败：{0}</source>
        <translation>Could not save: {0}</translation>
    </message>
    <message>
        <source>平台提供的新访问令牌（保存在系统凭据库中）：</source>
        <translation>The platform&apos;s new access token (kept in the OS credential store):</translation>
    </message>
</context>
<context>
    <name>TrendCharts</name>
    <message>
        <source>各节点到达时间（仓库时间）</source>
        <translation>When each stage was reached (hub time)</translation>
    </message>
    <message>
        <source>损耗率（%），{0}，最严重在前</source>
        <translation>Loss rate (%), {0}, worst first</translation>
    </message>
    <message>
        <source>本期</source>
        <translation>This period</translation>
    </message>
    <message>
        <source>上期</source>
        <translation>Period before</translation>
    </message>
    <message>
        <source>损耗率 %</source>
        <translation>Loss rate %</translation>
    </message>
    <message>
        <source>错分（每万件）：拦截与漏出</source>
        <translation>Missorts per 10,000 units: caught and escaped</translation>
    </message>
    <message>
        <source>每万件</source>
        <translation>Per 10,000 units</translation>
    </message>
    <message>
        <source>拦截（错筐）</source>
        <translation>Caught (wrong crate)</translation>
    </message>
    <message>
        <source>漏出（售后错分）</source>
        <translation>Escaped (claims)</translation>
    </message>
    <message>
        <source>每人每小时放入次数</source>
        <translation>Puts per hour per worker</translation>
    </message>
    <message>
        <source>放入/小时</source>
        <translation>Puts/hour</translation>
    </message>
    <message>
        <source>实际发车减计划发车（分钟），晚点为红</source>
        <translation>Dispatch minus departure (minutes), late in red</translation>
    </message>
    <message>
        <source>分钟</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>计划发车</source>
        <translation>Departure</translation>
    </message>
    <message>
        <source>准点</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>晚点</source>
        <translation>Late</translation>
    </message>
</context>
<context>
    <name>TrendsScreen</name>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <source>按</source>
        <translation>By</translation>
    </message>
    <message>
        <source>天</source>
        <translation>day</translation>
    </message>
    <message>
        <source>周</source>
        <translation>week</translation>
    </message>
    <message>
        <source>按品类</source>
        <translation>By category</translation>
    </message>
    <message>
        <source>按供应商</source>
        <translation>By supplier</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>导出 CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>导出 XLSX</source>
        <translation>Export XLSX</translation>
    </message>
    <message>
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>损耗</source>
        <translation>Losses</translation>
    </message>
    <message>
        <source>错分</source>
        <translation>Missorts</translation>
    </message>
    <message>
        <source>效率</source>
        <translation>Productivity</translation>
    </message>
    <message>
        <source>线路准点</source>
        <translation>Routes on time</translation>
    </message>
    <message>
        <source>导入完成</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>首次收货</source>
        <translation>First receipt</translation>
    </message>
    <message>
        <source>开始分拣</source>
        <translation>Sorting started</translation>
    </message>
    <message>
        <source>分拣完成</source>
        <translation>Sorted</translation>
    </message>
    <message>
        <source>首条线路发车</source>
        <translation>First route dispatched</translation>
    </message>
    <message>
        <source>全部发车</source>
        <translation>All routes dispatched</translation>
    </message>
    <message>
        <source>周期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>波次数</source>
        <translation>Waves</translation>
    </message>
    <message>
        <source>截单→{0}（分钟）</source>
        <translation>Cutoff → {0} (min)</translation>
    </message>
    <message>
        <source>维度</source>
        <translation>By</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>订购</source>
        <translation>Ordered</translation>
    </message>
    <message>
        <source>缺货</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>破损</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <source>损耗率</source>
        <translation>Loss rate</translation>
    </message>
    <message>
        <source>上期损耗率</source>
        <translation>Rate before</translation>
    </message>
    <message>
        <source>变化（百分点）</source>
        <translation>Change (points)</translation>
    </message>
    <message>
        <source>已分件数</source>
        <translation>Units put</translation>
    </message>
    <message>
        <source>错筐拦截</source>
        <translation>Caught</translation>
    </message>
    <message>
        <source>拦截（每万件）</source>
        <translation>Caught per 10,000</translation>
    </message>
    <message>
        <source>售后错分</source>
        <translation>Escaped</translation>
    </message>
    <message>
        <source>售后错分（每万件）</source>
        <translation>Escaped per 10,000</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>夜数</source>
        <translation>Nights</translation>
    </message>
    <message>
        <source>放入次数</source>
        <translation>Puts</translation>
    </message>
    <message>
        <source>件数</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>小时</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>每小时放入</source>
        <translation>Puts per hour</translation>
    </message>
    <message>
        <source>线路</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>准点</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>晚点</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>平均晚点（分钟）</source>
        <translation>Mean late (min)</translation>
    </message>
    <message>
        <source>最长晚点（分钟）</source>
        <translation>Max late (min)</translation>
    </message>
    <message>
        <source>晚点前已预警</source>
        <translation>Warned before late</translation>
    </message>
    <message>
        <source>平均提前预警（分钟）</source>
        <translation>Mean warning lead (min)</translation>
    </message>
    <message>
        <source>计划发车</source>
        <translation>Departure</translation>
    </message>
    <message>
        <source>实际发车</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>这段日期没有已汇总的波次</source>
        <translation>No aggregated waves in these dates</translation>
    </message>
    <message>
        <source>换一段日期，或在上方点“刷新”。</source>
        <translation>Choose other dates, or press Refresh above.</translation>
    </message>
    <message>
        <source>未设发车时间</source>
        <translation>No departure set</translation>
    </message>
    <message>
        <source>全仓</source>
        <translation>Hub</translation>
    </message>
    <message>
        <source>品类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>开始日期不能晚于结束日期</source>
        <translation>The first date must not be after the last</translation>
    </message>
    <message>
        <source>还没有已完成的波次汇总</source>
        <translation>No finished waves aggregated yet</translation>
    </message>
    <message>
        <source>每个波次全部发车后会自动汇总；已经发完车但还没汇总的波次，可以现在汇总。</source>
        <translation>Each wave is aggregated once its last route has left; waves fully dispatched but not aggregated yet can be aggregated now.</translation>
    </message>
    <message>
        <source>汇总已完成的波次</source>
        <translation>Aggregate finished waves</translation>
    </message>
    <message>
        <source>{0} 至 {1}，{2} 个周期</source>
        <translation>{0} to {1}, {2} periods</translation>
    </message>
    <message>
        <source>已汇总 {0} 个波次：{1}</source>
        <translation>Aggregated {0} waves: {1}</translation>
    </message>
    <message>
        <source>没有已全部发车、尚未汇总的波次</source>
        <translation>No fully dispatched wave left to aggregate</translation>
    </message>
    <message>
        <source>导出趋势</source>
        <translation>Export trends</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>已导出 {0} 行到 {1}</source>
        <translation>Exported {0} rows to {1}</translation>
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
        <source>进度</source>
        <translation>Stage</translation>
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
        <source>已发车线路</source>
        <translation>Routes dispatched</translation>
    </message>
    <message>
        <source>未处理冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <source>还没有波次</source>
        <translation>No wave yet</translation>
    </message>
    <message>
        <source>选择配送日期后从平台导入，或从平台导出的订单文件导入。</source>
        <translation>Choose the delivery date and import from the platform, or import an order file exported from the platform.</translation>
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
        <source>需从筐中取回</source>
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
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>收货中</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <source>分拣中</source>
        <translation>Sorting</translation>
    </message>
    <message>
        <source>分拣完成</source>
        <translation>Sorted</translation>
    </message>
    <message>
        <source>已发车</source>
        <translation>Dispatched</translation>
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
        <source>正在规划筐</source>
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
        <source>{0}：{1}{2}</source>
        <translation>{0}: {1}{2}</translation>
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
        <source>{0}：{1} 个未处理的导入冲突（已分入筐的件数需取回）</source>
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
</context>
<context>
    <name>screens</name>
    <message>
        <source>分拣台</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>开班检查</source>
        <translation>Shift-start check</translation>
    </message>
    <message>
        <source>扫码枪设置</source>
        <translation>Scanner set-up</translation>
    </message>
    <message>
        <source>操作卡与工牌</source>
        <translation>Cards and badges</translation>
    </message>
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
        <translation>Receiving and shortages</translation>
    </message>
    <message>
        <source>筐</source>
        <translation>Crates</translation>
    </message>
    <message>
        <source>周转箱回收</source>
        <translation>Crate returns</translation>
    </message>
    <message>
        <source>异常</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <source>发车</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>趋势</source>
        <translation>Trends</translation>
    </message>
    <message>
        <source>预测</source>
        <translation>Forecast</translation>
    </message>
    <message>
        <source>打印中心</source>
        <translation>Print centre</translation>
    </message>
    <message>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>待发送上报</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>后台任务</source>
        <translation>Background jobs</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>日结</source>
        <translation>Night summary</translation>
    </message>
</context>
</TS>
