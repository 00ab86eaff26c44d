#include "app/demo_content.h"

namespace tapchi::app {

// The demo journal's own writing: eight sections, four stories each, in Vietnamese and English.
const std::vector<DemoSection>& demo_sections() {
  static const std::vector<DemoSection> sections{
      {"Quốc phòng",
       "Defence",
       {
           {"Huấn luyện sát thực tế, nâng cao sức mạnh chiến đấu",
            "Training close to real conditions raises combat readiness",
            "Các đơn vị chủ lực đổi mới nội dung huấn luyện, lấy tình huống thực tế làm thước đo "
            "chất lượng và rèn bản lĩnh cho bộ đội trong mọi điều kiện.",
            "Main-force units are renewing their training, measuring quality against real "
            "situations and building soldiers' resilience in every condition.",
            {"huấn luyện", "sẵn sàng chiến đấu"},
            {"training", "readiness"}},
           {"Xây dựng lực lượng dự bị động viên vững mạnh",
            "Building a strong mobilisation reserve",
            "Công tác đăng ký, quản lý và huấn luyện quân nhân dự bị được các địa phương triển "
            "khai đồng bộ, bảo đảm sẵn sàng khi có lệnh.",
            "Localities are registering, managing and training reservists in step, so that they "
            "are ready the moment they are called.",
            {"dự bị động viên", "địa phương"},
            {"reserve", "localities"}},
           {"Thế trận lòng dân trong khu vực phòng thủ",
            "The people's posture in provincial defence zones",
            "Khu vực phòng thủ tỉnh, thành phố vững chắc bắt đầu từ lòng tin của nhân dân và sự "
            "phối hợp chặt chẽ giữa các lực lượng.",
            "Solid provincial defence zones begin with the people's trust and close coordination "
            "between every force on the ground.",
            {"khu vực phòng thủ", "nhân dân"},
            {"defence zones", "people"}},
           {"Bảo đảm hậu cần cho bộ đội ở vùng cao",
            "Supplying troops in the highlands",
            "Đường xa, dốc cao, thời tiết khắc nghiệt: ngành hậu cần tìm cách đưa lương thực, "
            "thuốc men và nước sạch đến từng đồn biên phòng.",
            "Long roads, steep slopes and harsh weather: logistics crews find ways to bring food, "
            "medicine and clean water to every border post.",
            {"hậu cần", "biên giới"},
            {"logistics", "border"}},
       }},
      {"Lịch sử quân sự",
       "Military History",
       {
           {"Chiến dịch Điện Biên Phủ: bài học về chọn thời cơ",
            "The Dien Bien Phu campaign: a lesson in choosing the moment",
            "Quyết định chuyển phương châm tác chiến năm 1954 cho thấy giá trị của việc đánh giá "
            "đúng tình hình và dám thay đổi khi cần.",
            "The decision to change the campaign's approach in 1954 shows the value of reading "
            "the situation rightly and daring to change course.",
            {"Điện Biên Phủ", "1954"},
            {"Dien Bien Phu", "1954"}},
           {"Đường Trường Sơn, con đường của ý chí",
            "The Truong Son road, a road built by will",
            "Hàng nghìn cây số đường mòn xuyên rừng đã trở thành huyết mạch chi viện cho chiến "
            "trường miền Nam suốt nhiều năm.",
            "Thousands of kilometres of forest trails became the lifeline that supplied the "
            "southern battlefields for many years.",
            {"Trường Sơn", "hậu cần"},
            {"Truong Son", "logistics"}},
           {"Ký ức người lính tình nguyện trở về",
            "Memories of the volunteer soldiers' return",
            "Những ngày cuối tháng Chín năm 1989, người dân đứng kín hai bên đường tiễn đưa các "
            "đơn vị quân tình nguyện về nước.",
            "In the last days of September 1989, people lined both sides of the road to bid "
            "farewell to the volunteer units returning home.",
            {"quân tình nguyện", "1989"},
            {"volunteer soldiers", "1989"}},
           {"Nghệ thuật lấy nhỏ đánh lớn qua các thời kỳ",
            "Using the few against the many, through the ages",
            "Từ Bạch Đằng đến những chiến dịch hiện đại, tư tưởng dùng mưu, dùng thế xuyên suốt "
            "lịch sử quân sự dân tộc.",
            "From Bach Dang to modern campaigns, the idea of winning by stratagem and position "
            "runs through the nation's military history.",
            {"nghệ thuật quân sự", "Bạch Đằng"},
            {"military art", "Bach Dang"}},
       }},
      {"Quốc tế",
       "International",
       {
           {"Hợp tác gìn giữ hòa bình Liên hợp quốc",
            "Working together in United Nations peacekeeping",
            "Các bệnh viện dã chiến và đội công binh mang theo kinh nghiệm, kỷ luật và tinh thần "
            "hữu nghị đến những vùng còn nhiều khó khăn.",
            "Field hospitals and engineering teams bring experience, discipline and friendship "
            "to regions that still face hardship.",
            {"gìn giữ hòa bình", "Liên hợp quốc"},
            {"peacekeeping", "United Nations"}},
           {"An ninh khu vực trước những biến động mới",
            "Regional security in a shifting landscape",
            "Cạnh tranh chiến lược, an ninh phi truyền thống và biến đổi khí hậu đặt ra yêu cầu "
            "mới về đối thoại và tin cậy.",
            "Strategic competition, non-traditional threats and climate change call for more "
            "dialogue and more trust.",
            {"an ninh khu vực", "đối thoại"},
            {"regional security", "dialogue"}},
           {"Đối ngoại quốc phòng: từ tin cậy đến hợp tác thực chất",
            "Defence diplomacy: from trust to practical cooperation",
            "Các cơ chế đối thoại song phương và đa phương giúp chia sẻ thông tin, giảm hiểu lầm "
            "và mở ra dự án chung.",
            "Bilateral and multilateral dialogues help share information, reduce "
            "misunderstanding and open the way to joint projects.",
            {"đối ngoại quốc phòng", "hợp tác"},
            {"defence diplomacy", "cooperation"}},
           {"Cứu trợ nhân đạo sau thiên tai",
            "Humanitarian relief after natural disasters",
            "Khi bão lũ ập đến, lực lượng vũ trang các nước cùng phối hợp tìm kiếm cứu nạn và "
            "khắc phục hậu quả.",
            "When storms and floods strike, armed forces from many countries join in search, "
            "rescue and recovery.",
            {"cứu trợ", "thiên tai"},
            {"relief", "disasters"}},
       }},
      {"Khoa học – Công nghệ",
       "Science & Technology",
       {
           {"Chuyển đổi số trong quản lý bộ đội",
            "Digital transformation in managing the forces",
            "Phần mềm quản lý quân số, hồ sơ và trang bị giúp giảm giấy tờ, rút ngắn thời gian và "
            "tăng độ chính xác.",
            "Software for personnel, records and equipment cuts paperwork, saves time and "
            "improves accuracy.",
            {"chuyển đổi số", "quản lý"},
            {"digital transformation", "management"}},
           {"Làm chủ công nghệ bảo dưỡng khí tài",
            "Mastering equipment maintenance technology",
            "Các nhà máy quốc phòng từng bước tự chủ quy trình sửa chữa lớn, kéo dài tuổi thọ khí "
            "tài và tiết kiệm ngân sách.",
            "Defence factories are taking over major overhauls themselves, extending equipment "
            "life and saving money.",
            {"công nghiệp quốc phòng", "bảo dưỡng"},
            {"defence industry", "maintenance"}},
           {"Mô phỏng huấn luyện: bắn trúng từ phòng học",
            "Training simulators: hitting the target from the classroom",
            "Thiết bị mô phỏng giúp học viên luyện tập nhiều lần, an toàn và tiết kiệm trước khi "
            "ra thao trường.",
            "Simulators let trainees practise again and again, safely and cheaply, before they "
            "reach the range.",
            {"mô phỏng", "huấn luyện"},
            {"simulation", "training"}},
           {"An ninh mạng là mặt trận không tiếng súng",
            "Cybersecurity, a front without gunfire",
            "Bảo vệ dữ liệu và hệ thống thông tin đòi hỏi con người giỏi nghề và quy trình kỷ "
            "luật như trong chiến đấu.",
            "Protecting data and information systems takes skilled people and procedures as "
            "disciplined as those of combat.",
            {"an ninh mạng", "dữ liệu"},
            {"cybersecurity", "data"}},
       }},
      {"Kinh tế",
       "Economy",
       {
           {"Kết hợp kinh tế với quốc phòng ở vùng biên",
            "Combining economy and defence in border areas",
            "Các khu kinh tế – quốc phòng giúp người dân định cư lâu dài, phát triển sản xuất và "
            "giữ vững biên cương.",
            "Economic-defence zones help families settle for good, grow their livelihoods and "
            "hold the border firm.",
            {"kinh tế – quốc phòng", "biên giới"},
            {"economic-defence zones", "border"}},
           {"Doanh nghiệp quân đội với nhiệm vụ mới",
            "Army enterprises and their new mission",
            "Sắp xếp lại doanh nghiệp, tập trung vào lĩnh vực then chốt giúp nâng cao hiệu quả và "
            "đóng góp cho nền kinh tế.",
            "Reorganising enterprises around key fields raises efficiency and their contribution "
            "to the economy.",
            {"doanh nghiệp", "cải cách"},
            {"enterprises", "reform"}},
           {"Ngân sách quốc phòng và hiệu quả chi tiêu",
            "Defence budgets and spending well",
            "Mỗi đồng ngân sách cần được lập kế hoạch, giám sát và đánh giá công khai để phát huy "
            "tác dụng cao nhất.",
            "Every unit of the budget should be planned, monitored and openly evaluated to do "
            "the most good.",
            {"ngân sách", "minh bạch"},
            {"budget", "transparency"}},
           {"Nông trường quân đội trên vùng đất khó",
            "Army farms on hard land",
            "Những mô hình trồng cây ăn quả và chăn nuôi do bộ đội hướng dẫn đã giúp nhiều hộ "
            "thoát nghèo.",
            "Fruit orchards and livestock schemes guided by soldiers have lifted many households "
            "out of poverty.",
            {"nông nghiệp", "giảm nghèo"},
            {"farming", "poverty reduction"}},
       }},
      {"Văn hóa – Xã hội",
       "Culture & Society",
       {
           {"Văn hóa đọc trong đơn vị",
            "A reading culture in the barracks",
            "Tủ sách đơn vị, câu lạc bộ đọc và giờ đọc chung giúp bộ đội mở mang hiểu biết sau giờ "
            "huấn luyện.",
            "Unit libraries, reading clubs and shared reading hours broaden soldiers' minds after "
            "training.",
            {"văn hóa đọc", "đời sống"},
            {"reading", "daily life"}},
           {"Bộ đội cụ Hồ trong lòng nhân dân",
            "Uncle Ho's soldiers in the people's hearts",
            "Giúp dân thu hoạch mùa màng, dựng nhà sau bão: những việc làm giản dị làm nên hình "
            "ảnh đẹp của người lính.",
            "Helping with harvests and rebuilding homes after storms: simple deeds that shape the "
            "soldier's good name.",
            {"dân vận", "truyền thống"},
            {"community", "tradition"}},
           {"Âm nhạc người lính qua các thế hệ",
            "Soldiers' songs across generations",
            "Những ca khúc viết trong chiến hào vẫn được hát lại hôm nay, nhắc nhớ về tình đồng "
            "đội và quê hương.",
            "Songs written in the trenches are still sung today, recalling comradeship and home.",
            {"âm nhạc", "truyền thống"},
            {"music", "tradition"}},
           {"Chăm lo gia đình chính sách",
            "Caring for families of the fallen",
            "Các phong trào đền ơn đáp nghĩa tiếp tục được duy trì bằng những việc làm thiết thực "
            "ở mọi địa phương.",
            "Gratitude campaigns carry on in every locality through practical, lasting help.",
            {"đền ơn đáp nghĩa", "an sinh"},
            {"gratitude", "welfare"}},
       }},
      {"Biển đảo",
       "Seas & Islands",
       {
           {"Ngày thường ở một đảo xa",
            "An ordinary day on a distant island",
            "Trồng rau trên cát, đón tàu tiếp tế, canh trời canh biển: nhịp sống bình dị nơi đầu "
            "sóng.",
            "Growing vegetables in sand, meeting supply ships, watching sky and sea: the quiet "
            "rhythm of life at the edge of the waves.",
            {"đảo", "đời sống"},
            {"islands", "daily life"}},
           {"Ngư dân vươn khơi, có bộ đội làm điểm tựa",
            "Fishermen go far out, with the forces behind them",
            "Các trạm dịch vụ hậu cần nghề cá và lực lượng trên biển sẵn sàng hỗ trợ ngư dân khi "
            "gặp nạn.",
            "Fishing service stations and forces at sea stand ready to help fishermen in trouble.",
            {"ngư dân", "cứu nạn"},
            {"fishermen", "rescue"}},
           {"Luật pháp quốc tế và quản lý vùng biển",
            "International law and the management of sea areas",
            "Giải quyết tranh chấp bằng biện pháp hòa bình trên cơ sở luật pháp quốc tế là lựa "
            "chọn nhất quán.",
            "Settling disputes peacefully on the basis of international law remains the "
            "consistent choice.",
            {"luật biển", "hòa bình"},
            {"law of the sea", "peace"}},
           {"Bảo vệ môi trường biển từ những việc nhỏ",
            "Protecting the marine environment, one small step at a time",
            "Thu gom rác thải, trồng rừng ngập mặn và giáo dục cộng đồng là những việc làm cụ thể "
            "giữ biển xanh.",
            "Collecting waste, planting mangroves and teaching communities keep the sea clean.",
            {"môi trường", "rừng ngập mặn"},
            {"environment", "mangroves"}},
       }},
      {"Nghiên cứu – Trao đổi",
       "Research & Debate",
       {
           {"Tư duy mới về bảo vệ Tổ quốc từ sớm, từ xa",
            "New thinking on defending the country early and from afar",
            "Chủ động phát hiện và hóa giải nguy cơ từ khi chưa xuất hiện là yêu cầu xuyên suốt "
            "của chiến lược quốc phòng.",
            "Detecting and defusing risks before they arise runs through the whole of defence "
            "strategy.",
            {"chiến lược", "phòng ngừa"},
            {"strategy", "prevention"}},
           {"Đào tạo cán bộ cho giai đoạn mới",
            "Training officers for a new era",
            "Chương trình đào tạo cần gắn với thực tiễn, phát huy tư duy độc lập và năng lực ngoại "
            "ngữ của học viên.",
            "Officer training should stay close to practice and build independent thinking and "
            "language skills.",
            {"đào tạo", "cán bộ"},
            {"education", "officers"}},
           {"Lịch sử địa phương trong giáo dục quốc phòng",
            "Local history in defence education",
            "Đưa những trận đánh và nhân vật của địa phương vào bài giảng giúp học sinh hiểu và "
            "yêu quê hương hơn.",
            "Teaching the battles and people of one's own locality helps students understand and "
            "love their homeland.",
            {"giáo dục quốc phòng", "lịch sử"},
            {"defence education", "history"}},
           {"Báo chí quân đội trong môi trường số",
            "Military journalism in a digital world",
            "Tạp chí cần nhanh hơn, chính xác hơn và gần bạn đọc hơn mà vẫn giữ chiều sâu của "
            "nghiên cứu.",
            "A journal must be faster, more accurate and closer to its readers while keeping the "
            "depth of research.",
            {"báo chí", "chuyển đổi số"},
            {"journalism", "digital transformation"}},
       }},
  };
  return sections;
}

const std::vector<DemoAuthor>& demo_authors() {
  static const std::vector<DemoAuthor> authors{
      {"Thiếu tướng Phạm Quang Vinh", "Maj. Gen. Pham Quang Vinh",
       "Viện trưởng Viện Nghiên cứu Lịch sử Quân sự",
       "Director of the Institute of Military "
       "History Research",
       "Nghiên cứu lịch sử các chiến dịch lớn và nghệ thuật quân sự Việt Nam.",
       "Studies the great campaigns and the history of Vietnamese military art."},
      {"Đại tá Nguyễn Thị Hồng Lan", "Col. Nguyen Thi Hong Lan", "Trưởng ban Biên tập Quốc tế",
       "Head of the International Desk", "Phụ trách chuyên mục quốc tế, theo dõi an ninh khu vực.",
       "Runs the international section and follows regional security."},
      {"Thượng tá Lê Minh Đức", "Lt. Col. Le Minh Duc", "Phóng viên thường trú Quân khu 2",
       "Correspondent, Military Region 2",
       "Viết về đời sống bộ đội ở vùng cao và biên giới phía Bắc.",
       "Writes about soldiers' lives in the highlands and on the northern border."},
      {"Trung tá Trần Thu Hà", "Lt. Col. Tran Thu Ha", "Biên tập viên Khoa học – Công nghệ",
       "Science and Technology Editor", "Theo dõi công nghiệp quốc phòng và chuyển đổi số.",
       "Covers the defence industry and digital transformation."},
      {"Thiếu tá Võ Hải Nam", "Maj. Vo Hai Nam", "Phóng viên mảng Biển đảo",
       "Seas and Islands Correspondent", "Nhiều năm theo các chuyến tàu ra đảo xa.",
       "Has sailed with the supply ships to distant islands for many years."},
      {"TS. Đặng Văn Khôi", "Dr. Dang Van Khoi", "Giảng viên Học viện Quốc phòng",
       "Lecturer at the National Defence Academy",
       "Nghiên cứu chiến lược quốc phòng và giáo dục quốc phòng.",
       "Researches defence strategy and defence education."},
  };
  return authors;
}

const DemoProse& demo_prose(bool is_english) {
  static const DemoProse vi{
      {"Bối cảnh", "Diễn biến và cách làm", "Kết quả bước đầu", "Bài học và hướng tới"},
      {
          "Nhìn lại chặng đường đã qua, có thể thấy mỗi kết quả đạt được đều bắt nguồn từ sự "
          "chuẩn bị kỹ lưỡng, từ tinh thần trách nhiệm của cán bộ và sự đồng lòng của chiến sĩ.",
          "Các đơn vị đã rà soát lại kế hoạch, xác định rõ việc cần làm trước, việc làm sau, "
          "phân công cụ thể từng người, từng bộ phận và thường xuyên kiểm tra tiến độ.",
          "Điều đáng chú ý là cách làm linh hoạt: khi điều kiện thay đổi, chỉ huy các cấp chủ động "
          "điều chỉnh phương án, không máy móc, không chờ đợi.",
          "Thực tế cho thấy, ở đâu công tác chính trị tư tưởng được làm tốt, ở đó nhiệm vụ được "
          "hoàn thành với chất lượng cao và an toàn tuyệt đối.",
          "Người dân địa phương cũng góp sức bằng những việc làm cụ thể, từ cung cấp thông tin "
          "đến hỗ trợ phương tiện, tạo nên sức mạnh tổng hợp.",
          "Những con số thống kê chỉ nói lên một phần; phía sau là bao nhiêu ngày đêm miệt mài "
          "của những con người ít khi xuất hiện trên trang báo.",
          "Từ kinh nghiệm này, nhiều ý kiến đề xuất cần tổng kết thành quy trình, nhân rộng ra "
          "các đơn vị có điều kiện tương tự.",
          "Chặng đường phía trước còn nhiều việc phải làm, nhưng nền tảng đã được đặt xuống "
          "vững chắc và niềm tin đã được củng cố.",
      },
      {
          "Kỷ luật là sức mạnh của quân đội, nhưng sáng tạo mới là điều giúp chúng ta đi xa hơn.",
          "Làm việc gì cũng phải xuất phát từ thực tế, lấy hiệu quả làm thước đo.",
          "Mỗi chiến sĩ là một tuyên truyền viên, mỗi đơn vị là một điểm tựa của nhân dân.",
      },
      {"Độc giả", "Bạn đọc Hà Nội", "Cựu chiến binh", "Sinh viên", "Giáo viên"},
      {
          "Bài viết rất sâu sắc, cảm ơn tác giả.",
          "Tôi từng công tác ở đơn vị này, đọc bài thấy rất xúc động.",
          "Mong tạp chí có thêm những bài phân tích như thế này.",
          "Thông tin bổ ích cho công việc giảng dạy của tôi.",
      },
      "Cảm ơn bạn đã góp ý. Tòa soạn sẽ tiếp tục theo dõi và phản ánh chủ đề này.",
  };
  static const DemoProse en{
      {"Background", "What was done and how", "First results", "Lessons and the road ahead"},
      {
          "Looking back, every result can be traced to careful preparation, to the "
          "responsibility of officers and to the shared will of the soldiers.",
          "Units reviewed their plans, decided what came first and what could wait, gave each "
          "person and team a clear task and checked progress often.",
          "What stands out is the flexibility: when conditions changed, commanders at every "
          "level adjusted the plan themselves rather than waiting for orders.",
          "Experience shows that wherever political and ideological work is done well, the task "
          "is completed to a high standard and in complete safety.",
          "Local people contributed in concrete ways, from sharing information to lending "
          "vehicles, and together they made the effort stronger.",
          "The statistics tell only part of the story; behind them are days and nights of work "
          "by people who rarely appear in the pages of a journal.",
          "From this experience, many have proposed turning the practice into a procedure and "
          "extending it to units working in similar conditions.",
          "Much remains to be done, but the foundations are firm and confidence has grown.",
      },
      {
          "Discipline is an army's strength, but creativity is what takes us further.",
          "Whatever we do must start from reality and be measured by its results.",
          "Every soldier speaks for the army; every unit is something the people can lean on.",
      },
      {"A reader", "Reader from Hanoi", "Veteran", "Student", "Teacher"},
      {
          "A thoughtful article, thank you to the author.",
          "I once served in this unit and found the piece very moving.",
          "I hope the journal publishes more analysis like this.",
          "Useful information for my teaching.",
      },
      "Thank you for your comment. The editors will keep following this subject.",
  };
  return is_english ? en : vi;
}

}  // namespace tapchi::app
